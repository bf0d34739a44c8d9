// Types of the `looplab` package (written by hand: the package wraps the
// wasm-bindgen functions so that importing is all the setup there is).

/** Options of `run`. */
export interface RunOptions {
  /** `'virtual'` (the default: instant and repeatable) or `'real'` (browser only). */
  clock?: 'virtual' | 'real';
  /** Seed of `random` and of the simulated mock API's jitter (default 0). */
  seed?: number;
  /** New values for the program's top-level `UPPER_CASE = number` constants. */
  knobs?: Record<string, number>;
  /**
   * How much of the trace to return: `'summary'` (the default: counts only),
   * `'none'` (the program runs untraced, the cheapest), or `'events'` (every
   * event as an object in `trace`; costly for programs with many tasks).
   */
  trace?: 'none' | 'summary' | 'events';
}

/** What ended a program early, if anything did. */
export interface RunError {
  kind: 'syntax' | 'exception' | 'deadlock';
  /** `ValueError: boom`, `SyntaxError: ...`, or the deadlock report. */
  message: string;
  /** 1-based line, for syntax errors and exceptions raised in the program. */
  line?: number;
  /** 1-based column, for syntax errors. */
  column?: number;
  /** The traceback as Python prints it, for exceptions. */
  traceback?: string;
}

/** One trace event; `type` is one of task_spawned, task_ready, task_running,
 * task_waiting, task_done, cancel_requested, resource_created, resource_state,
 * acquired, released, output, warning, task_source. */
export interface TraceEvent {
  seq: number;
  /** Nanoseconds on the run's clock. */
  at: number;
  type: string;
  [field: string]: unknown;
}

/** What `run` resolves to. */
export interface RunResult {
  stdout: string;
  stderr: string;
  error: RunError | null;
  /** Seconds on the run's clock. */
  elapsed: number;
  /** Bytes of output left out of `stdout`/`stderr` (each keeps at most 16 MB). */
  outputCut: number;
  /** Counts from the trace (with `trace: 'summary'` or `'events'`). */
  summary?: { events: number; tasks: number; failed: number; cancelled: number; lines: number };
  /** Every trace event (with `trace: 'events'` only). */
  trace?: TraceEvent[];
  /** A test run's results ([`test`]), in order. */
  tests?: TestResult[];
}

/** One test of a [`test`] run. */
export interface TestResult {
  /** `main.py::test_double[1-2]`, `main.py::TestShop::test_total`. */
  id: string;
  outcome: 'passed' | 'failed' | 'error' | 'skipped' | 'xfailed';
  /** The one-line reason (`assert 6 == 7`); empty when it passed. */
  summary: string;
  /** pytest's short traceback and `E` lines; empty when it passed. */
  details: string;
}

/** Options of `mount` besides what it shows. */
export interface MountSettings {
  clock?: 'virtual' | 'real';
  readOnly?: boolean;
}

/** Options of `mount`: exactly one of `source`, `example` and `exercise`
 * (`mount(el, {})` does not type-check). */
export type MountOptions = MountSettings &
  (
    | { /** The program to show. */ source: string; example?: never; exercise?: never }
    | {
        /** An example of the playground's gallery, e.g. `'semaphore_limit'` (see `examples()`). */
        example: string;
        source?: never;
        exercise?: never;
      }
    | {
        /** An exercise (see `exercises()`): its statement, its starter code and a Check button. */
        exercise: string;
        source?: never;
        example?: never;
      }
  );

/** A mounted widget. */
export interface Mounted {
  /** Removes the widget and stops its program. */
  unmount(): void;
}

/** Runs a program headlessly. Rejects with an `Error` for bad arguments. */
export function run(source: string, options?: RunOptions): Promise<RunResult>;

/** Runs the `test_…` functions `source` defines, pytest-style (fixtures,
 * `@pytest.mark.asyncio`, `parametrize`, explained asserts; each async test
 * on a fresh event loop), on the virtual clock. `stdout` holds pytest's `-v`
 * report; `tests` each result. */
export function test(source: string, options?: Omit<RunOptions, 'clock'>): Promise<RunResult>;

/** Puts a live playground for one program into `element` (browser only).
 * Rejects with an `Error` for bad arguments. */
export function mount(element: HTMLElement, options: MountOptions): Promise<Mounted>;

/** The ids of the gallery's examples. */
export function examples(): Promise<string[]>;

/** An exercise: what a learner reads and starts from. */
export interface Exercise {
  /** Its id, for `check()` and `mount(el, {exercise})`: `'rate-limited-scraper'`. */
  id: string;
  title: string;
  /** One line saying what it practises. */
  summary: string;
  /** The statement, Markdown. */
  statement: string;
  /** The code a learner starts from. */
  starter: string;
  /** Hints, Markdown each, to reveal one at a time. */
  hints: string[];
  /** A reference solution. */
  solution: string;
}

/** One requirement's verdict. */
export interface Requirement {
  /** What is required (Markdown inline code in backticks). */
  name: string;
  passed: boolean;
  /** `'skip'`: not checked, because the run ended before it could be. */
  state: 'pass' | 'fail' | 'skip';
  /** For a failure, what happened and when; for a skip, why. */
  detail: string;
  /** The run's clock reading (seconds) the detail is about. */
  at: number | null;
}

/** What `check` resolves to. */
export interface CheckResult {
  /** Whether every requirement holds. */
  passed: boolean;
  requirements: Requirement[];
  /** What the check run printed (the learner's prints included). */
  stdout: string;
  stderr: string;
  error: RunError | null;
  elapsed: number;
}

/** The exercises, in order. */
export function exercises(): Promise<Exercise[]>;

/** Checks a learner's program against an exercise: a fresh run on the
 * virtual clock with the exercise's checker. Rejects with an `Error` for
 * bad arguments or an unknown exercise. */
export function check(id: string, source: string): Promise<CheckResult>;
