// The playground's code editor: CodeMirror 6 with Python, bundled by
// scripts/build-editor.mjs (esbuild) into editor.js next to the page. The
// page starts with a plain textarea and swaps this in when it has loaded
// (window.LooplabEditor, and a 'looplab-editor-ready' event), so the
// editor never delays the first paint.
//
// The page (src/app.rs) drives it through a small API:
//   const ed = LooplabEditor.create(parent, { doc, onChange, onRun, onStop, label });
//   ed.setDoc(text); ed.getDoc(); ed.setMarks({ error, errorMessage, selected }); ed.focus();
// Lines are 1-based; `null` clears a mark.

import { Compartment, EditorState, StateEffect, StateField, RangeSetBuilder } from '@codemirror/state';
import {
  Decoration, EditorView, GutterMarker, WidgetType, drawSelection, gutterLineClass,
  highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { python } from '@codemirror/lang-python';
import { tags as t } from '@lezer/highlight';

// Colours come from the page's stylesheet, so both themes apply.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword], color: 'var(--t-kw)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--t-str)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--t-num)' },
  { tag: t.comment, color: 'var(--t-com)', fontStyle: 'italic' },
  { tag: [t.standard(t.variableName), t.self], color: 'var(--t-bi)' },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className)], color: 'var(--t-def)', fontWeight: '600' },
  { tag: t.meta, color: 'var(--t-dec)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--surface-2)', color: 'var(--text)', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '20px' },
  '.cm-content': { caretColor: 'var(--text)', padding: '8px 0' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--sel)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--mark) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-error-line': { backgroundColor: 'var(--err-line)' },
  '.cm-task-line': { backgroundColor: 'var(--mark)' },
  '.cm-error-gutter': { color: 'var(--error)', fontWeight: '700' },
  '.cm-task-gutter': { color: 'var(--accent)', fontWeight: '700' },
  '.cm-error-message': {
    color: 'var(--error)', fontFamily: 'var(--font)', fontSize: '12px', marginLeft: '1.5rem',
    padding: '0 0.4rem', borderRadius: '4px', backgroundColor: 'var(--error-bg)',
  },
  '.cm-matchingBracket': { backgroundColor: 'var(--mark)', outline: '1px solid var(--muted)' },
  '.cm-panels': { backgroundColor: 'var(--surface)', color: 'var(--text)' },
});

class Message extends WidgetType {
  constructor(text) { super(); this.text = text; }
  eq(other) { return other.text === this.text; }
  toDOM() {
    const span = document.createElement('span');
    span.className = 'cm-error-message';
    span.textContent = this.text;
    return span;
  }
}

const gutterMark = (cls) => new (class extends GutterMarker { constructor() { super(); this.elementClass = cls; } })();
const errorGutter = gutterMark('cm-error-gutter');
const taskGutter = gutterMark('cm-task-gutter');

// The marks the page sets: { error, errorMessage, selected }.
const setMarks = StateEffect.define();
const marks = StateField.define({
  create: () => ({ error: null, errorMessage: '', selected: null }),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setMarks)) value = e.value;
    return value;
  },
  provide: (field) => [
    EditorView.decorations.compute([field], (state) => {
      const m = state.field(field);
      const b = new RangeSetBuilder();
      const lines = [];
      if (m.selected && m.selected <= state.doc.lines) lines.push([m.selected, 'cm-task-line', null]);
      if (m.error && m.error <= state.doc.lines) lines.push([m.error, 'cm-error-line', m.errorMessage]);
      lines.sort((a, b) => a[0] - b[0]);
      for (const [n, cls, message] of lines) {
        const line = state.doc.line(n);
        b.add(line.from, line.from, Decoration.line({ class: cls }));
        if (message) b.add(line.to, line.to, Decoration.widget({ widget: new Message(message), side: 1 }));
      }
      return b.finish();
    }),
    gutterLineClass.compute([field], (state) => {
      const m = state.field(field);
      const b = new RangeSetBuilder();
      const lines = [];
      if (m.selected && m.selected <= state.doc.lines) lines.push([m.selected, taskGutter]);
      if (m.error && m.error <= state.doc.lines) lines.push([m.error, errorGutter]);
      lines.sort((a, b) => a[0] - b[0]);
      for (const [n, marker] of lines) {
        const from = state.doc.line(n).from;
        b.add(from, from, marker);
      }
      return b.finish();
    }),
  ],
});

// On a narrow screen long lines wrap rather than hide past the edge.
const NARROW = '(max-width: 720px)';
const wrapping = (narrow) => (narrow ? EditorView.lineWrapping : []);

function create(parent, { doc = '', onChange = () => {}, onRun = () => {}, onStop = () => false, label = 'Program (Python)' } = {}) {
  let quiet = false; // set while the page replaces the text
  const wrap = new Compartment();
  const narrow = typeof matchMedia === 'function' ? matchMedia(NARROW) : null;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        keymap.of([
          { key: 'Mod-Enter', run: () => { onRun(); return true; } },
          { key: 'Escape', run: () => onStop() === true },
        ]),
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        python(),
        syntaxHighlighting(highlight),
        marks,
        theme,
        EditorState.tabSize.of(4),
        indentUnit.of('    '), // PEP 8
        wrap.of(wrapping(narrow?.matches ?? false)),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
        // tabindex: a keyboard user (and axe) can reach the scrolled text.
        EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !quiet) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  narrow?.addEventListener('change', (e) => view.dispatch({ effects: wrap.reconfigure(wrapping(e.matches)) }));
  return {
    getDoc: () => view.state.doc.toString(),
    setDoc(text) {
      if (text === view.state.doc.toString()) return;
      quiet = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } finally {
        quiet = false;
      }
    },
    setMarks({ error = null, errorMessage = '', selected = null } = {}) {
      const now = view.state.field(marks);
      if (now.error === error && now.errorMessage === errorMessage && now.selected === selected) return;
      view.dispatch({ effects: setMarks.of({ error, errorMessage, selected }) });
      const line = error ?? selected;
      if (line && line <= view.state.doc.lines) {
        view.dispatch({ effects: EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'center' }) });
      }
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

window.LooplabEditor = { create };
window.dispatchEvent(new Event('looplab-editor-ready'));
