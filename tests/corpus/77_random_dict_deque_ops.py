# Random sequences of dict, OrderedDict and deque operations (insert,
# delete, pop, popitem from both ends, move_to_end both ways, setdefault,
# copies, comprehensions, rotate, extendleft, insert, remove, maxlen), as a
# generator wrote them (seeds 69 and 158 of the dict generator, 231 of the
# deque one): enough deletions to leave holes at the front, in the middle
# and at the end, and insertions that squeeze them out.


def dict_run_69():
    from collections import OrderedDict
    d = {}
    o = OrderedDict()
    out = []
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[4] = 70; o[4] = 53
    out.append(d.popitem() if d else None)
    out.append(d.popitem() if d else None)
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    d[1] = 39; o[1] = 27
    o.move_to_end(58, last=False) if 58 in o else None
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    d[46] = 92; o[46] = 77
    d[1] = 27; o[1] = 3
    d = {k: v for k, v in d.items() if k % 4}
    out.append(o.popitem(last=False) if o else None)
    d[5] = 33; o[5] = 68
    d[26] = 10; o[26] = 94
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    if 54 in d: del d[54]
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(d.pop(40, None)); out.append(o.pop(40, None))
    d[17] = 80; o[17] = 51
    d[5] = 62; o[5] = 98
    o.move_to_end(8, last=True) if 8 in o else None
    out.append(d.popitem() if d else None)
    out.append(d.setdefault(0, 'x'))
    d[27] = 88; o[27] = 46
    d[6] = 97; o[6] = 50
    out.append(o.popitem(last=False) if o else None)
    d[4] = 14; o[4] = 70
    d[57] = 57; o[57] = 75
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[2] = 96; o[2] = 21
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[21] = 49; o[21] = 64
    out.append(d.setdefault(19, 'x'))
    out.append(d.setdefault(0, 'x'))
    d[2] = 9; o[2] = 82
    d[8] = 14; o[8] = 37
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    out.append(d.popitem() if d else None)
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    out.append(d.pop(18, None)); out.append(o.pop(18, None))
    out.append(d.pop(8, None)); out.append(o.pop(8, None))
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    d[10] = 98; o[10] = 19
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(13, None)); out.append(o.pop(13, None))
    d[10] = 51; o[10] = 6
    d[5] = 44; o[5] = 46
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    d[2] = 12; o[2] = 86
    out.append(d.pop(14, None)); out.append(o.pop(14, None))
    d[45] = 96; o[45] = 32
    d[0] = 24; o[0] = 22
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.popitem() if d else None)
    d[3] = 58; o[3] = 45
    d[51] = 29; o[51] = 64
    d[9] = 67; o[9] = 7
    d[5] = 56; o[5] = 63
    d[16] = 29; o[16] = 57
    d[0] = 70; o[0] = 70
    out.append(o.popitem(last=False) if o else None)
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    d[2] = 86; o[2] = 61
    d[2] = 91; o[2] = 43
    out.append(o.popitem(last=False) if o else None)
    if 3 in d: del d[3]
    out.append(d.setdefault(0, 'x'))
    out.append(o.popitem(last=False) if o else None)
    d[2] = 14; o[2] = 20
    d[17] = 65; o[17] = 52
    d[12] = 88; o[12] = 97
    d[2] = 10; o[2] = 93
    out.append(o.popitem(last=False) if o else None)
    d[5] = 93; o[5] = 24
    d[17] = 51; o[17] = 15
    d[2] = 44; o[2] = 68
    d[2] = 81; o[2] = 29
    d[13] = 2; o[13] = 35
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    d[16] = 30; o[16] = 91
    o.move_to_end(5, last=False) if 5 in o else None
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(d.pop(13, None)); out.append(o.pop(13, None))
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[1] = 99; o[1] = 8
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(d.pop(50, None)); out.append(o.pop(50, None))
    d[0] = 0; o[0] = 74
    out.append(d.popitem() if d else None)
    out.append(d.setdefault(20, 'x'))
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    d[15] = 12; o[15] = 26
    d[1] = 30; o[1] = 18
    out.append(d.pop(35, None)); out.append(o.pop(35, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[5] = 79; o[5] = 64
    d = d.copy()
    out.append(d.popitem() if d else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(o.popitem(last=False) if o else None)
    out.append(o.popitem(last=False) if o else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(13, None)); out.append(o.pop(13, None))
    d[3] = 41; o[3] = 71
    out.append(d.setdefault(13, 'x'))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.setdefault(3, 'x'))
    if 6 in d: del d[6]
    out.append(o.popitem(last=False) if o else None)
    d[10] = 40; o[10] = 6
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(d.pop(8, None)); out.append(o.pop(8, None))
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    if 16 in d: del d[16]
    d[17] = 89; o[17] = 85
    out.append(d.pop(56, None)); out.append(o.pop(56, None))
    d[15] = 68; o[15] = 75
    out.append(d.setdefault(19, 'x'))
    d[31] = 5; o[31] = 24
    d[52] = 42; o[52] = 67
    out.append(d.pop(59, None)); out.append(o.pop(59, None))
    out.append(d.popitem() if d else None)
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.popitem() if d else None)
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(o.popitem(last=False) if o else None)
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append(d.pop(43, None)); out.append(o.pop(43, None))
    out.append(o.popitem(last=False) if o else None)
    out.append(d.pop(29, None)); out.append(o.pop(29, None))
    d[9] = 71; o[9] = 2
    d[1] = 8; o[1] = 86
    d[38] = 33; o[38] = 97
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    d[6] = 35; o[6] = 90
    out.append(d.pop(51, None)); out.append(o.pop(51, None))
    d[8] = 16; o[8] = 91
    out.append(d.setdefault(22, 'x'))
    out.append(d.setdefault(18, 'x'))
    out.append(o.popitem(last=False) if o else None)
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.setdefault(9, 'x'))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.setdefault(18, 'x'))
    if 48 in d: del d[48]
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append(d.pop(51, None)); out.append(o.pop(51, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(14, None)); out.append(o.pop(14, None))
    out.append(d.pop(18, None)); out.append(o.pop(18, None))
    d[1] = 87; o[1] = 60
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[0] = 86; o[0] = 27
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(8, None)); out.append(o.pop(8, None))
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append(o.popitem(last=False) if o else None)
    d[4] = 67; o[4] = 52
    out.append(d.pop(7, None)); out.append(o.pop(7, None))
    out.append(d.setdefault(5, 'x'))
    d[5] = 77; o[5] = 79
    d[19] = 34; o[19] = 24
    out.append(o.popitem(last=False) if o else None)
    out.append(d.setdefault(4, 'x'))
    o.move_to_end(6, last=True) if 6 in o else None
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[22] = 56; o[22] = 97
    d[4] = 85; o[4] = 81
    d[1] = 85; o[1] = 11
    out.append(o.popitem(last=False) if o else None)
    d[3] = 80; o[3] = 64
    out.append(d.pop(16, None)); out.append(o.pop(16, None))
    out.append(d.pop(7, None)); out.append(o.pop(7, None))
    d[51] = 44; o[51] = 83
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    d[42] = 35; o[42] = 12
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(52, None)); out.append(o.pop(52, None))
    out.append(d.setdefault(3, 'x'))
    d[1] = 73; o[1] = 50
    d[0] = 27; o[0] = 96
    d[18] = 22; o[18] = 19
    if 3 in d: del d[3]
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append(d.pop(16, None)); out.append(o.pop(16, None))
    d[1] = 9; o[1] = 55
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[16] = 13; o[16] = 27
    d = d.copy()
    out.append(d.pop(9, None)); out.append(o.pop(9, None))
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[12] = 42; o[12] = 77
    out.append(d.popitem() if d else None)
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    o.move_to_end(0, last=True) if 0 in o else None
    out.append(d.popitem() if d else None)
    d[10] = 86; o[10] = 35
    out.append(o.popitem(last=False) if o else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    d[47] = 56; o[47] = 46
    d = {k: v for k, v in d.items() if k % 5}
    if 24 in d: del d[24]
    d[4] = 22; o[4] = 13
    out.append(d.pop(35, None)); out.append(o.pop(35, None))
    d = d.copy()
    o.move_to_end(51, last=True) if 51 in o else None
    out.append(d.setdefault(16, 'x'))
    out.append(d.pop(8, None)); out.append(o.pop(8, None))
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(o.popitem(last=False) if o else None)
    out.append(d.setdefault(45, 'x'))
    d[44] = 92; o[44] = 42
    out.append(o.popitem(last=False) if o else None)
    o.move_to_end(4, last=False) if 4 in o else None
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    d[0] = 18; o[0] = 97
    d = d.copy()
    out.append(d.pop(12, None)); out.append(o.pop(12, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[7] = 5; o[7] = 13
    out.append(d.pop(14, None)); out.append(o.pop(14, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(o.popitem(last=False) if o else None)
    d[11] = 33; o[11] = 24
    if 19 in d: del d[19]
    d[3] = 65; o[3] = 63
    d[1] = 16; o[1] = 70
    d[50] = 0; o[50] = 75
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[2] = 8; o[2] = 50
    d[55] = 12; o[55] = 6
    if 1 in d: del d[1]
    d[8] = 31; o[8] = 36
    out.append(d.setdefault(56, 'x'))
    d[25] = 1; o[25] = 86
    d[60] = 3; o[60] = 75
    d[10] = 58; o[10] = 53
    out.append(d.pop(9, None)); out.append(o.pop(9, None))
    d[60] = 62; o[60] = 13
    out.append(o.popitem(last=False) if o else None)
    d = {k: v for k, v in d.items() if k % 5}
    d[1] = 21; o[1] = 48
    o.move_to_end(26, last=False) if 26 in o else None
    out.append(d.pop(16, None)); out.append(o.pop(16, None))
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    if 19 in d: del d[19]
    d = d.copy()
    o.move_to_end(0, last=False) if 0 in o else None
    out.append(d.popitem() if d else None)
    d[20] = 91; o[20] = 75
    o.move_to_end(9, last=False) if 9 in o else None
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    d[1] = 34; o[1] = 29
    d[0] = 99; o[0] = 24
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(6, None)); out.append(o.pop(6, None))
    d[31] = 88; o[31] = 76
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    o.move_to_end(41, last=False) if 41 in o else None
    d[18] = 62; o[18] = 38
    d[56] = 52; o[56] = 54
    out.append(d.pop(20, None)); out.append(o.pop(20, None))
    d[49] = 42; o[49] = 33
    if 50 in d: del d[50]
    out.append(d.pop(43, None)); out.append(o.pop(43, None))
    out.append(o.popitem(last=False) if o else None)
    d[31] = 94; o[31] = 99
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.popitem() if d else None)
    d[24] = 35; o[24] = 40
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(o.popitem(last=False) if o else None)
    d[9] = 71; o[9] = 24
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    d[5] = 34; o[5] = 56
    d = {k: v for k, v in d.items() if k % 3}
    out.append(d.pop(33, None)); out.append(o.pop(33, None))
    d[0] = 16; o[0] = 39
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.popitem() if d else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    o.move_to_end(3, last=False) if 3 in o else None
    d[15] = 82; o[15] = 82
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    d[8] = 70; o[8] = 18
    d[3] = 28; o[3] = 33
    d[13] = 31; o[13] = 54
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[52] = 54; o[52] = 76
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    o.move_to_end(11, last=False) if 11 in o else None
    if 4 in d: del d[4]
    d[7] = 77; o[7] = 41
    out.append(d.pop(11, None)); out.append(o.pop(11, None))
    d[10] = 2; o[10] = 2
    out.append(d.pop(10, None)); out.append(o.pop(10, None))
    o.move_to_end(0, last=True) if 0 in o else None
    d[1] = 2; o[1] = 59
    o.move_to_end(1, last=True) if 1 in o else None
    d[24] = 13; o[24] = 12
    d[2] = 38; o[2] = 47
    d = {k: v for k, v in d.items() if k % 4}
    d[56] = 48; o[56] = 67
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    out.append(d.popitem() if d else None)
    d[2] = 76; o[2] = 63
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.pop(24, None)); out.append(o.pop(24, None))
    o.move_to_end(3, last=True) if 3 in o else None
    if 1 in d: del d[1]
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(49, None)); out.append(o.pop(49, None))
    out.append(o.popitem(last=False) if o else None)
    d[55] = 63; o[55] = 77
    out.append(d.pop(57, None)); out.append(o.pop(57, None))
    out.append(d.pop(35, None)); out.append(o.pop(35, None))
    d[3] = 99; o[3] = 7
    d[40] = 42; o[40] = 44
    out.append(d.pop(7, None)); out.append(o.pop(7, None))
    d[1] = 88; o[1] = 33
    out.append(d.setdefault(8, 'x'))
    o.move_to_end(10, last=False) if 10 in o else None
    d[1] = 46; o[1] = 71
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(d.pop(10, None)); out.append(o.pop(10, None))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[28] = 41; o[28] = 15
    out.append(d.setdefault(14, 'x'))
    out.append(d.pop(30, None)); out.append(o.pop(30, None))
    d[15] = 22; o[15] = 99
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    out.append(d.pop(14, None)); out.append(o.pop(14, None))
    out.append(d.setdefault(2, 'x'))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[28] = 63; o[28] = 45
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(o.popitem(last=False) if o else None)
    d[46] = 45; o[46] = 36
    d = {k: v for k, v in d.items() if k % 4}
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(8, None)); out.append(o.pop(8, None))
    d[0] = 6; o[0] = 76
    d[38] = 49; o[38] = 99
    d[37] = 39; o[37] = 15
    d[5] = 62; o[5] = 57
    d[4] = 98; o[4] = 45
    d = {k: v for k, v in d.items() if k % 3}
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(44, None)); out.append(o.pop(44, None))
    d[58] = 98; o[58] = 24
    out.append(d.popitem() if d else None)
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    d[17] = 94; o[17] = 21
    out.append(d.pop(23, None)); out.append(o.pop(23, None))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.popitem() if d else None)
    d[4] = 55; o[4] = 79
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append(d.setdefault(54, 'x'))
    o.move_to_end(4, last=True) if 4 in o else None
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.popitem() if d else None)
    d[8] = 70; o[8] = 72
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(d.pop(7, None)); out.append(o.pop(7, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[2] = 22; o[2] = 17
    out.append(d.pop(7, None)); out.append(o.pop(7, None))
    d[1] = 88; o[1] = 37
    out.append(d.setdefault(31, 'x'))
    d[5] = 20; o[5] = 10
    d[12] = 25; o[12] = 94
    out.append(d.pop(45, None)); out.append(o.pop(45, None))
    out.append(d.popitem() if d else None)
    o.move_to_end(15, last=True) if 15 in o else None
    o.move_to_end(57, last=False) if 57 in o else None
    print(out)
    print(d, list(o.items()))


def dict_run_158():
    from collections import OrderedDict
    d = {}
    o = OrderedDict()
    out = []
    d[0] = 72; o[0] = 98
    out.append(d.pop(20, None)); out.append(o.pop(20, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[4] = 7; o[4] = 10
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[17] = 80; o[17] = 7
    d[7] = 40; o[7] = 69
    if 7 in d: del d[7]
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[56] = 44; o[56] = 66
    d[10] = 87; o[10] = 39
    d[2] = 38; o[2] = 65
    d[43] = 87; o[43] = 45
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    d[4] = 56; o[4] = 7
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.setdefault(2, 'x'))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.pop(39, None)); out.append(o.pop(39, None))
    d[2] = 7; o[2] = 98
    if 3 in d: del d[3]
    d[2] = 37; o[2] = 22
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(o.popitem(last=False) if o else None)
    d[13] = 80; o[13] = 4
    d = {k: v for k, v in d.items() if k % 3}
    out.append(d.pop(14, None)); out.append(o.pop(14, None))
    out.append(d.setdefault(22, 'x'))
    d[60] = 12; o[60] = 53
    if 1 in d: del d[1]
    out.append(d.setdefault(5, 'x'))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[39] = 92; o[39] = 55
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(d.setdefault(4, 'x'))
    out.append(d.pop(17, None)); out.append(o.pop(17, None))
    out.append(d.pop(20, None)); out.append(o.pop(20, None))
    d[0] = 23; o[0] = 4
    d[37] = 71; o[37] = 10
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[2] = 77; o[2] = 81
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.setdefault(2, 'x'))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[0] = 11; o[0] = 99
    out.append(d.popitem() if d else None)
    d[4] = 86; o[4] = 30
    d[5] = 36; o[5] = 41
    d[3] = 30; o[3] = 98
    out.append(d.popitem() if d else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.pop(6, None)); out.append(o.pop(6, None))
    d = {k: v for k, v in d.items() if k % 4}
    d[4] = 76; o[4] = 91
    d[20] = 22; o[20] = 49
    out.append(d.pop(12, None)); out.append(o.pop(12, None))
    d[17] = 61; o[17] = 77
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[9] = 31; o[9] = 21
    d[3] = 99; o[3] = 88
    d[4] = 83; o[4] = 18
    d[2] = 60; o[2] = 26
    d[20] = 37; o[20] = 7
    o.move_to_end(20, last=False) if 20 in o else None
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    d[50] = 14; o[50] = 46
    out.append(d.pop(48, None)); out.append(o.pop(48, None))
    d[37] = 67; o[37] = 38
    d[7] = 78; o[7] = 95
    d[10] = 28; o[10] = 98
    out.append(d.pop(12, None)); out.append(o.pop(12, None))
    o.move_to_end(59, last=True) if 59 in o else None
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[1] = 23; o[1] = 37
    d[4] = 29; o[4] = 54
    if 1 in d: del d[1]
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    d[25] = 50; o[25] = 94
    d[3] = 45; o[3] = 0
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    if 6 in d: del d[6]
    d[5] = 3; o[5] = 10
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[48] = 15; o[48] = 42
    o.move_to_end(19, last=True) if 19 in o else None
    d[37] = 6; o[37] = 30
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[4] = 42; o[4] = 73
    d[16] = 78; o[16] = 20
    d[5] = 29; o[5] = 49
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.setdefault(1, 'x'))
    d[6] = 69; o[6] = 29
    out.append(d.setdefault(5, 'x'))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d = d.copy()
    d[7] = 75; o[7] = 63
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.popitem() if d else None)
    out.append(o.popitem(last=False) if o else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[0] = 93; o[0] = 63
    d[33] = 12; o[33] = 78
    o.move_to_end(14, last=False) if 14 in o else None
    d[3] = 19; o[3] = 88
    out.append(d.popitem() if d else None)
    out.append(d.pop(9, None)); out.append(o.pop(9, None))
    out.append(d.pop(58, None)); out.append(o.pop(58, None))
    d[39] = 37; o[39] = 18
    if 2 in d: del d[2]
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[0] = 83; o[0] = 5
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(d.setdefault(57, 'x'))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.setdefault(5, 'x'))
    d[0] = 17; o[0] = 11
    out.append(o.popitem(last=False) if o else None)
    if 4 in d: del d[4]
    if 18 in d: del d[18]
    out.append(d.pop(31, None)); out.append(o.pop(31, None))
    o.move_to_end(26, last=True) if 26 in o else None
    d[4] = 13; o[4] = 18
    d[8] = 68; o[8] = 89
    if 10 in d: del d[10]
    d[4] = 88; o[4] = 11
    if 1 in d: del d[1]
    d[42] = 82; o[42] = 34
    out.append(o.popitem(last=False) if o else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[31] = 35; o[31] = 19
    d[4] = 52; o[4] = 18
    d[4] = 5; o[4] = 67
    d = {k: v for k, v in d.items() if k % 2}
    d[56] = 24; o[56] = 10
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(o.popitem(last=False) if o else None)
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[1] = 10; o[1] = 25
    d[2] = 62; o[2] = 89
    d[13] = 81; o[13] = 85
    d[32] = 89; o[32] = 4
    out.append(d.setdefault(2, 'x'))
    d[0] = 23; o[0] = 83
    out.append(d.popitem() if d else None)
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[0] = 23; o[0] = 35
    d[57] = 98; o[57] = 22
    d[57] = 95; o[57] = 43
    d[3] = 94; o[3] = 90
    out.append(d.popitem() if d else None)
    d[4] = 40; o[4] = 6
    out.append(d.pop(17, None)); out.append(o.pop(17, None))
    out.append(d.pop(54, None)); out.append(o.pop(54, None))
    d[59] = 19; o[59] = 28
    out.append(d.pop(15, None)); out.append(o.pop(15, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[6] = 87; o[6] = 87
    d = {k: v for k, v in d.items() if k % 5}
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    out.append(d.setdefault(4, 'x'))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.setdefault(18, 'x'))
    out.append(o.popitem(last=False) if o else None)
    d[15] = 90; o[15] = 6
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(30, None)); out.append(o.pop(30, None))
    d[4] = 47; o[4] = 98
    out.append(d.pop(42, None)); out.append(o.pop(42, None))
    out.append(d.pop(11, None)); out.append(o.pop(11, None))
    d[2] = 64; o[2] = 69
    d[0] = 32; o[0] = 14
    out.append(d.pop(13, None)); out.append(o.pop(13, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[57] = 91; o[57] = 15
    d[5] = 88; o[5] = 73
    o.move_to_end(26, last=True) if 26 in o else None
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    out.append(d.popitem() if d else None)
    out.append(d.pop(39, None)); out.append(o.pop(39, None))
    out.append(d.pop(36, None)); out.append(o.pop(36, None))
    d[15] = 76; o[15] = 60
    d = d.copy()
    d[43] = 90; o[43] = 99
    if 55 in d: del d[55]
    out.append(d.pop(11, None)); out.append(o.pop(11, None))
    out.append(d.popitem() if d else None)
    d[1] = 0; o[1] = 93
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    d[1] = 93; o[1] = 27
    d[10] = 11; o[10] = 40
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    d[3] = 22; o[3] = 11
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    d = d.copy()
    out.append(o.popitem(last=False) if o else None)
    d[51] = 56; o[51] = 95
    out.append(d.popitem() if d else None)
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.setdefault(1, 'x'))
    out.append(d.setdefault(43, 'x'))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(o.popitem(last=False) if o else None)
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    if 1 in d: del d[1]
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    d[1] = 39; o[1] = 87
    d[12] = 28; o[12] = 75
    if 15 in d: del d[15]
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d = d.copy()
    o.move_to_end(0, last=True) if 0 in o else None
    out.append(o.popitem(last=False) if o else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.pop(7, None)); out.append(o.pop(7, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[16] = 71; o[16] = 70
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    d[55] = 31; o[55] = 25
    out.append(d.pop(19, None)); out.append(o.pop(19, None))
    out.append(d.popitem() if d else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[0] = 53; o[0] = 48
    d[5] = 27; o[5] = 59
    out.append(d.setdefault(0, 'x'))
    out.append(d.pop(53, None)); out.append(o.pop(53, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[0] = 60; o[0] = 52
    d[0] = 12; o[0] = 99
    d[5] = 98; o[5] = 32
    if 9 in d: del d[9]
    d[1] = 12; o[1] = 94
    out.append(d.pop(24, None)); out.append(o.pop(24, None))
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(d.pop(7, None)); out.append(o.pop(7, None))
    d[22] = 27; o[22] = 16
    d[24] = 95; o[24] = 75
    d[49] = 88; o[49] = 1
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[1] = 18; o[1] = 68
    d[0] = 53; o[0] = 38
    d[49] = 71; o[49] = 28
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    d[8] = 4; o[8] = 28
    d[20] = 48; o[20] = 22
    out.append(d.popitem() if d else None)
    d[0] = 9; o[0] = 7
    out.append(d.popitem() if d else None)
    out.append(d.popitem() if d else None)
    d = {k: v for k, v in d.items() if k % 2}
    d[31] = 1; o[31] = 33
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    d[34] = 71; o[34] = 59
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append(d.setdefault(1, 'x'))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    o.move_to_end(5, last=False) if 5 in o else None
    if 48 in d: del d[48]
    d[9] = 17; o[9] = 85
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    d[5] = 81; o[5] = 7
    d[21] = 37; o[21] = 84
    out.append(o.popitem(last=False) if o else None)
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[2] = 47; o[2] = 23
    if 19 in d: del d[19]
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(o.popitem(last=False) if o else None)
    d[1] = 98; o[1] = 51
    d[24] = 62; o[24] = 4
    d[4] = 23; o[4] = 74
    d[16] = 28; o[16] = 88
    if 12 in d: del d[12]
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[12] = 54; o[12] = 61
    d[5] = 55; o[5] = 31
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    d[1] = 93; o[1] = 12
    if 3 in d: del d[3]
    d = d.copy()
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(19, None)); out.append(o.pop(19, None))
    d[20] = 20; o[20] = 64
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    d[0] = 93; o[0] = 18
    if 7 in d: del d[7]
    out.append(d.pop(25, None)); out.append(o.pop(25, None))
    out.append(d.pop(2, None)); out.append(o.pop(2, None))
    d[39] = 70; o[39] = 20
    out.append(d.setdefault(33, 'x'))
    out.append(d.setdefault(5, 'x'))
    d[7] = 50; o[7] = 52
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(next(iter(d), None)); out.append(next(reversed(d), None) if d else None)
    out.append(d.popitem() if d else None)
    d[1] = 1; o[1] = 61
    out.append(d.pop(38, None)); out.append(o.pop(38, None))
    d[59] = 52; o[59] = 97
    d[52] = 58; o[52] = 98
    d[20] = 72; o[20] = 47
    d[41] = 15; o[41] = 9
    out.append(d.pop(4, None)); out.append(o.pop(4, None))
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[20] = 82; o[20] = 83
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d = d.copy()
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[8] = 52; o[8] = 44
    d[17] = 71; o[17] = 68
    out.append(d.setdefault(46, 'x'))
    out.append(d.pop(1, None)); out.append(o.pop(1, None))
    d[0] = 69; o[0] = 73
    out.append(o.popitem(last=False) if o else None)
    d[35] = 66; o[35] = 12
    out.append(d.pop(24, None)); out.append(o.pop(24, None))
    out.append(d.popitem() if d else None)
    out.append(d.pop(3, None)); out.append(o.pop(3, None))
    d[20] = 28; o[20] = 66
    out.append(d.popitem() if d else None)
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(14, None)); out.append(o.pop(14, None))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    if 4 in d: del d[4]
    out.append(d.popitem() if d else None)
    d[26] = 47; o[26] = 83
    out.append(d.popitem() if d else None)
    d[50] = 3; o[50] = 45
    out.append(d.popitem() if d else None)
    d[23] = 22; o[23] = 48
    d[3] = 23; o[3] = 34
    d[50] = 66; o[50] = 50
    d[3] = 85; o[3] = 83
    out.append(d.pop(18, None)); out.append(o.pop(18, None))
    d = {k: v for k, v in d.items() if k % 3}
    d[38] = 55; o[38] = 68
    d[2] = 1; o[2] = 18
    out.append(d.pop(0, None)); out.append(o.pop(0, None))
    out.append(d.pop(22, None)); out.append(o.pop(22, None))
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    out.append(d.pop(44, None)); out.append(o.pop(44, None))
    d[41] = 11; o[41] = 23
    d = d.copy()
    out.append(d.popitem() if d else None)
    d[1] = 49; o[1] = 5
    d[19] = 23; o[19] = 28
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    d[50] = 82; o[50] = 96
    d[0] = 97; o[0] = 69
    d[16] = 85; o[16] = 83
    d[12] = 21; o[12] = 7
    d[17] = 66; o[17] = 84
    out.append(d.pop(6, None)); out.append(o.pop(6, None))
    out.append(d.pop(20, None)); out.append(o.pop(20, None))
    d = {k: v for k, v in d.items() if k % 2}
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[42] = 26; o[42] = 88
    out.append(d.pop(41, None)); out.append(o.pop(41, None))
    d[13] = 21; o[13] = 31
    d = d.copy()
    out.append(d.setdefault(18, 'x'))
    d[11] = 79; o[11] = 80
    out.append(d.pop(5, None)); out.append(o.pop(5, None))
    out.append(d.pop(29, None)); out.append(o.pop(29, None))
    out.append(d.setdefault(53, 'x'))
    d[4] = 9; o[4] = 71
    d[13] = 51; o[13] = 96
    out.append(list(d.items())[:5]); out.append(list(o)[-3:])
    d[35] = 30; o[35] = 81
    if 0 in d: del d[0]
    out.append(d.popitem() if d else None)
    d = {k: v for k, v in d.items() if k % 3}
    out.append(o.popitem(last=False) if o else None)
    out.append((len(d), len(o), sum(d), d == dict(d.items())))
    if 3 in d: del d[3]
    out.append(d.setdefault(11, 'x'))
    out.append(d.popitem() if d else None)
    out.append(d.popitem() if d else None)
    out.append(o.popitem(last=False) if o else None)
    print(out)
    print(d, list(o.items()))


def deque_run_231():
    from collections import deque
    q = deque(maxlen=None)
    out = []
    q.append(6)
    q.reverse()
    out.append(q.count(9))
    q.append(9)
    q.remove(6) if 6 in q else None
    out.append(q.pop() if q else None)
    q.extendleft(range(9))
    q.remove(4) if 4 in q else None
    out.append(q.count(6))
    q.append(1)
    q.append(2)
    q.reverse()
    q.appendleft(5)
    q.append(9)
    out.append((list(q), list(reversed(q))[:2], repr(q)[:30]))
    q.extend(range(0))
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.append(2)
    q.extend(range(5))
    out.append(q.index(0) if 0 in q else -1)
    q.append(1)
    q.insert(4, 5) if q.maxlen is None or len(q) < q.maxlen else None
    out.append(q.count(5))
    q.rotate(3)
    q.rotate(0)
    q.appendleft(1)
    q.extendleft(range(2))
    out.append(q.pop() if q else None)
    out.append(q.count(5))
    out.append(q.popleft() if q else None)
    q.append(4)
    q.append(0)
    out.append((list(q), list(reversed(q))[:2], repr(q)[:30]))
    q.remove(0) if 0 in q else None
    q.append(6)
    q.appendleft(2)
    out.append(q.pop() if q else None)
    q.extendleft(range(5))
    out.append(q.count(6))
    out.append(q.pop() if q else None)
    out.append(q.popleft() if q else None)
    q.append(4)
    out.append(q.count(9))
    q.append(4)
    q.append(2)
    out.append((list(q), list(reversed(q))[:2], repr(q)[:30]))
    out.append(q.count(8))
    q.insert(1, 8) if q.maxlen is None or len(q) < q.maxlen else None
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.appendleft(5)
    q.append(9)
    q.append(8)
    q.rotate(-4)
    q.remove(7) if 7 in q else None
    out.append(q.pop() if q else None)
    q.appendleft(6)
    q.append(4)
    q.rotate(-4)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    if len(q) > 2: del q[1]
    q.append(0)
    q.append(0)
    out.append(q.index(9) if 9 in q else -1)
    q.append(5)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.append(4)
    q.reverse()
    q.extendleft(range(7))
    out.append(q.pop() if q else None)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.append(9)
    q.appendleft(4)
    out.append((list(q), list(reversed(q))[:2], repr(q)[:30]))
    q.appendleft(7)
    q.append(2)
    q.insert(-3, 5) if q.maxlen is None or len(q) < q.maxlen else None
    out.append(q.popleft() if q else None)
    q.extend(range(6))
    q.insert(-3, 9) if q.maxlen is None or len(q) < q.maxlen else None
    out.append(q.pop() if q else None)
    out.append(q.popleft() if q else None)
    out.append(q.popleft() if q else None)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.rotate(4)
    q.append(9)
    q.remove(5) if 5 in q else None
    q.append(3)
    q.append(6)
    q.append(2)
    q.append(5)
    q.remove(2) if 2 in q else None
    q.remove(7) if 7 in q else None
    out.append(q.popleft() if q else None)
    q.append(0)
    q.extend(range(9))
    q.append(2)
    out.append(q.popleft() if q else None)
    q.append(4)
    out.append(q.popleft() if q else None)
    q.append(1)
    out.append(q.popleft() if q else None)
    q.append(1)
    q.appendleft(5)
    q.append(5)
    q.appendleft(1)
    out.append(q.pop() if q else None)
    q.appendleft(2)
    q.rotate(5)
    q.appendleft(2)
    q.appendleft(6)
    out.append(q.index(9) if 9 in q else -1)
    q.extend(range(8))
    q.append(6)
    out.append(q.count(1))
    q.appendleft(7)
    out.append((list(q), list(reversed(q))[:2], repr(q)[:30]))
    out.append(q.pop() if q else None)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    out.append(q.index(7) if 7 in q else -1)
    q[-1] = 8 if len(q) > 3 else None
    out.append(q.index(0) if 0 in q else -1)
    q.appendleft(5)
    out.append(q.popleft() if q else None)
    q.appendleft(8)
    out.append(q.pop() if q else None)
    out.append(q.pop() if q else None)
    out.append(q.count(8))
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.append(5)
    q.remove(7) if 7 in q else None
    q.appendleft(8)
    out.append((list(q), list(reversed(q))[:2], repr(q)[:30]))
    out.append(q.pop() if q else None)
    q.reverse()
    q.appendleft(0)
    q.appendleft(7)
    q.append(8)
    q.append(7)
    q.appendleft(0)
    out.append(q.count(6))
    out.append(q.popleft() if q else None)
    q.appendleft(5)
    q.appendleft(9)
    out.append(q.pop() if q else None)
    out.append(q.popleft() if q else None)
    out.append(q.popleft() if q else None)
    q[-2] = 2 if len(q) > 3 else None
    q.append(1)
    q.append(3)
    q.append(7)
    out.append(q.popleft() if q else None)
    q.extendleft(range(9))
    q.append(3)
    q.insert(2, 9) if q.maxlen is None or len(q) < q.maxlen else None
    q.append(3)
    out.append(q.popleft() if q else None)
    out.append(q.pop() if q else None)
    out.append(q.pop() if q else None)
    q.append(9)
    q.append(2)
    q.append(4)
    q.appendleft(4)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    out.append(q.pop() if q else None)
    q.append(8)
    q.extend(range(5))
    out.append(q.pop() if q else None)
    q.insert(3, 4) if q.maxlen is None or len(q) < q.maxlen else None
    out.append(q.popleft() if q else None)
    q.appendleft(5)
    q.append(7)
    out.append(q.index(2) if 2 in q else -1)
    q.remove(9) if 9 in q else None
    q.appendleft(6)
    q.extend(range(0))
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    out.append(q.popleft() if q else None)
    q.append(3)
    q[0] = 2 if len(q) > 3 else None
    q.append(5)
    q.insert(3, 8) if q.maxlen is None or len(q) < q.maxlen else None
    q.append(0)
    q.appendleft(1)
    q[3] = 6 if len(q) > 3 else None
    q.appendleft(3)
    q.append(2)
    q.appendleft(8)
    out.append(q.popleft() if q else None)
    out.append(q.popleft() if q else None)
    out.append((list(q), list(reversed(q))[:2], repr(q)[:30]))
    q.append(1)
    q.append(8)
    out.append(q.popleft() if q else None)
    q.extendleft(range(0))
    q.insert(2, 3) if q.maxlen is None or len(q) < q.maxlen else None
    q.append(2)
    q.append(1)
    q.append(5)
    q.append(9)
    q.append(1)
    out.append(q.pop() if q else None)
    q.append(7)
    q.reverse()
    out.append(q.popleft() if q else None)
    q.rotate(5)
    q.append(2)
    out.append(q.popleft() if q else None)
    q.extend(range(0))
    q.appendleft(4)
    out.append(q.popleft() if q else None)
    q.appendleft(3)
    q.append(1)
    out.append((list(q), list(reversed(q))[:2], repr(q)[:30]))
    if len(q) > 2: del q[1]
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.appendleft(2)
    q.extend(range(6))
    q.appendleft(6)
    q.appendleft(5)
    out.append(q.index(8) if 8 in q else -1)
    q.remove(4) if 4 in q else None
    q.append(7)
    q.rotate(2)
    q.append(4)
    q.remove(9) if 9 in q else None
    q[1] = 8 if len(q) > 3 else None
    q.append(0)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    if len(q) > 2: del q[1]
    out.append(q.popleft() if q else None)
    q.remove(5) if 5 in q else None
    q.extendleft(range(4))
    q.appendleft(9)
    q.extend(range(0))
    q.append(6)
    q.append(2)
    q.append(7)
    q.rotate(-3)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.append(0)
    out.append(q.count(6))
    q.appendleft(2)
    q[0] = 9 if len(q) > 3 else None
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.rotate(-2)
    q.rotate(-4)
    q.appendleft(8)
    q.append(3)
    out.append(q.pop() if q else None)
    q.append(9)
    q.appendleft(6)
    q.extend(range(0))
    q.extendleft(range(2))
    q.insert(2, 8) if q.maxlen is None or len(q) < q.maxlen else None
    out.append(q.count(8))
    q.append(7)
    q[-1] = 2 if len(q) > 3 else None
    q.append(9)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    q.append(4)
    q[-2] = 2 if len(q) > 3 else None
    q.append(4)
    out.append(q.count(2))
    q.append(9)
    q.append(3)
    out.append(q.index(2) if 2 in q else -1)
    out.append(q.pop() if q else None)
    if len(q) > 2: del q[1]
    q.appendleft(6)
    q.appendleft(0)
    q[-2] = 9 if len(q) > 3 else None
    q.extend(range(5))
    q.rotate(1)
    q = q.copy() if len(q) % 2 else deque(q, q.maxlen)
    out.append(q.pop() if q else None)
    q.rotate(1)
    q.append(8)
    q.insert(-2, 4) if q.maxlen is None or len(q) < q.maxlen else None
    q.append(8)
    q.append(8)
    q.append(8)
    out.append(q.popleft() if q else None)
    q.append(2)
    q.append(5)
    q.append(3)
    q.appendleft(2)
    out.append(q.pop() if q else None)
    q.extendleft(range(0))
    out.append(q.popleft() if q else None)
    out.append(q.popleft() if q else None)
    q.append(7)
    q.appendleft(9)
    q.append(4)
    q.extend(range(5))
    q.append(2)
    print(out)
    print(q, len(q), q.maxlen)


dict_run_69()
dict_run_158()
deque_run_231()
