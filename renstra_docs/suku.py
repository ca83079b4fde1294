"""Indonesian syllabification, for the soft hyphens of the narrow table columns.

Automatic hyphenation is off in the whole document (``hyphens: manual``): the stock
Indonesian patterns break words wrongly ("Kelur-ahan", "La-innya"). The landscape tables
have columns too narrow for long words, so their text cells go through
:func:`sisipkan_tanda_pisah` (the Jinja filter ``suku``), which puts a soft hyphen (U+00AD)
at the allowed breaks of every long word: WeasyPrint breaks a line only there, and prints a
hyphen where it does.

Two limits of WeasyPrint (70) decide where the filter may be used. A cell with
``overflow-wrap: break-word`` loses the hyphen of a soft-hyphen break whose hyphen does not
quite fit ("kapa" / "sitas"): cells given soft hyphens need ``overflow-wrap: normal``
(styles/tabel-program.css). And the min-content width of text with soft hyphens comes out
too large, so a table with ``table-layout: auto`` (T-C.25, T-C.28) grows past the page
margin: use the filter in fixed-layout tables only.

The rules are those of PUEBI (Pedoman Umum Ejaan Bahasa Indonesia, Permendikbud 50/2015),
"Pemenggalan Kata"; the syllables of KBBI are the check of the result (tests/test_suku.py):

* Kata dasar 1a: two vowels next to each other are split between them (bu-ah, ma-in,
  ni-at, sa-at; ke-u-ang-an).
* 1b: the diphthongs ai, au, ei and oi are never split (pan-dai, au-la, sau-da-ra, sur-vei,
  am-boi).
* 1c: one consonant between two vowels goes with the second vowel; a consonant digraph
  (kh, ng, ny, sy, and gh) counts as one consonant and is never split (ba-pak, de-ngan,
  ke-nyang, mu-ta-khir, mu-sya-wa-rah).
* 1d: two consonants between two vowels are split between them (Ap-ril, cap-lok,
  makh-luk, man-di, sang-gup, swas-ta).
* 1e: three or more consonants between two vowels are split after the first (ul-tra,
  in-fra, ben-trok, in-stru-men, bang-krut, kong-res). A cluster at the start of a word
  has no vowel before it and stays whole (pro-gram, stra-te-gi).
* No single vowel may stand alone at the end or the start of a line (i-tu, se-ti-a are not
  breaks): :func:`sisipkan_tanda_pisah` keeps ``min_kiri``/``min_kanan`` letters (3) anyway.
* Kata berimbuhan: a word is split between its stem and its affixes or particles
  (makan-an, per-buat-an, ke-kuat-an, pergi-lah, apa-kah), so pem-ba-ngun-an, not
  pem-ba-ngu-nan. The particles -nya, -lah and -kah are split off first, then the suffix -an
  (see below). The suffix -kan needs nothing: it starts with a consonant, so the rules above
  already break before it (me-ning-kat-kan, di-gu-na-kan). A prefix whose stem changed is
  split like a plain word (PUEBI: menu-tup, peno-long, penga-rang, penye-but). The suffix
  -i is never split off ("akhiran -i tidak dipisahkan": men-du-du-ki).
* Unsur gabungan: a word of loan elements is split between them (PUEBI: bi-o-gra-fi,
  ki-lo-gram). Rule 1d would split their cluster (prog-ram); KBBI keeps it (pro·gram,
  de·mo·kra·si, in·fra·struk·tur), and so do the common ones listed in :data:`KHUSUS`.

Two consonants that are an obstruent and r or l (kr, pr, tr, bl, …) between vowels are the
one place where the rule and the dictionary part ways: 1d says Ap-ril and cap-lok, KBBI
agrees for mit·ra and put·ra but writes se·kre·ta·ri·at and mi·kro. :func:`suku_kata`
follows 1d (the stated rule) except for the words of :data:`KHUSUS`, which follow KBBI
(sekretariat is se-kre-ta-ri-at); :func:`sisipkan_tanda_pisah` puts no soft hyphen inside
such a pair at all, so the print never shows a break that either source calls wrong.

Heuristics, because there is no dictionary of stems:

* A final -an is the suffix when what remains ends in a vowel and one consonant (a digraph
  counts as one) other than w and y, and has at least two syllables: pembangun-an,
  kecamat-an, lingkung-an, kegiat-an, and so pem-ba-ngun-an, ke-ca-mat-an. Otherwise the
  word is split as a plain word: ja-lan, ba-dan (one syllable left), tu-ju-an and
  pe-nye-leng-ga-ra-an (a vowel before "an": the result is the same), ka-li-man-tan (a
  consonant cluster before "an"), war-ta-wan (the suffix -wan). After a vowel and "k" the
  ending is -kan, not -an, when the word starts with me-, di- or ter- (a verb:
  meng-gu-na-kan), and -an otherwise (a noun: ke-bi-jak-an, pen-di-dik-an). :data:`KHUSUS`
  holds the common stems that end in "an" themselves (ka-wa-san, ha-la-man, jem-ba-tan,
  se-la-tan, …). Another such stem is split wrongly (ramadan gives ra-mad-an), as is a noun
  in -kan that starts with di- (didikan gives di-di-kan).
* ai, au and oi are diphthongs at the end of a word, before a vowel, or before a consonant
  that starts the next syllable (pan-tai, pen-ca-pai-an, sau-da-ra, drai-na-se, boi-kot);
  before a consonant that closes the syllable they are two vowels (ma-in, la-in-nya,
  ba-ik, la-ut, ka-um). ei is a diphthong only at the end of a word (sur-vei): inside a word
  it is nearly always the prefix ke- or se- before a stem in i- (ke-i-ngin-an, se-i-ring).
  An Arabic loanword such as kaidah (KBBI ka·i·dah) comes out wrong (kai-dah).
* Prefixes: after ber-, ter-, per-, mem-, men-, meng-, pem-, pen-, peng- (also behind ke-,
  se- or di-, and memper-) a vowel makes the break ambiguous without a dictionary: be-ras
  is a stem, ber-a-khir is prefixed; pe-ru-mah-an but per-a-lat-an. :func:`suku_kata`
  splits such a word by sound (pe-ra-lat-an, as PUEBI does for penga-rang);
  :func:`sisipkan_tanda_pisah` puts no soft hyphen inside the prefix or right after it,
  rather than risk a wrong one.
* Foreign words cannot be told from Indonesian ones. A word with a letter group Indonesian
  spelling does not use (q, x, ch, sh, th, ph, ck, ou, c/w/y before a consonant, or ending
  in -tion, -ment, -ness, -ware) gets no soft hyphen; any other is split by these rules.

:func:`sisipkan_tanda_pisah` leaves alone everything that is not a plain word: numbers,
codes and anything with a digit ("1.02.01", "Tahun-1"), URLs and e-mail addresses, words in
capitals or with a capital inside ("PATEN", "SiLPA", "KTP-el"), words that already contain
a hyphen (the line may break at that hyphen only: "rata-rata") or a soft hyphen. Words
shorter than seven letters are never broken, and a break keeps at least ``min_kiri``
letters before it and ``min_kanan`` after it.
"""

from __future__ import annotations

import re
from itertools import pairwise

TANDA_PISAH_LUNAK = "\u00ad"

VOKAL = frozenset("aiueoàáâäèéêëìíîïòóôöùúûü")
DIGRAF = frozenset({"kh", "ng", "ny", "sy", "gh"})
_DIFTONG = frozenset({"ai", "au", "oi"})  # "ei" only at the end of a word: see the docstring
_PARTIKEL = ("nya", "lah", "kah")

#: Words the rules split wrongly, with their KBBI syllables: stems that end in "an" without
#: being suffixed, learned loanwords whose consonant cluster KBBI keeps whole (the elements
#: pro-gram, de-mo-kra-si, in-fra-struk-tur; PUEBI splits between such elements), and
#: an acronym. Looked up after -nya/-lah/-kah and -an are split off, also behind one of the
#: prefixes in :data:`_AWALAN_KHUSUS` (ke-se-kre-ta-ri-at-an).
KHUSUS: dict[str, tuple[str, ...]] = {
    "kawasan": ("ka", "wa", "san"),
    "halaman": ("ha", "la", "man"),
    "pedoman": ("pe", "do", "man"),
    "jembatan": ("jem", "ba", "tan"),
    "selokan": ("se", "lo", "kan"),
    "selatan": ("se", "la", "tan"),
    "sembilan": ("sem", "bi", "lan"),
    "delapan": ("de", "la", "pan"),
    "teladan": ("te", "la", "dan"),
    "program": ("pro", "gram"),
    "sekretariat": ("se", "kre", "ta", "ri", "at"),
    "sekretaris": ("se", "kre", "ta", "ris"),
    "infrastruktur": ("in", "fra", "struk", "tur"),
    "demokrasi": ("de", "mo", "kra", "si"),
    "birokrasi": ("bi", "ro", "kra", "si"),
    "mikro": ("mi", "kro"),
    "makro": ("ma", "kro"),
    "posyandu": ("pos", "yan", "du"),
}
_AWALAN_KHUSUS = ("ke", "se", "di", "ber", "ter", "per")

# Prefixes that make a following vowel ambiguous (ber-a-khir or be-ras?), behind an optional
# ke-, se- or di- (di-per-o-leh); the longer of two prefixes that start alike comes first.
_AWALAN_RAGU = re.compile(r"^(ke|se|di)?(memper|per|ber|ter|meng|peng|mem|men|pem|pen)(?=[aiueo])")
# Verbs with -kan (meng-gu-na-kan) rather than nouns with -an after a stem in k (ke-bi-jak-an).
_AWALAN_KERJA = ("me", "di", "ter")
# Letter groups that Indonesian spelling does not use: a foreign word, left unbroken.
_ASING = re.compile(
    r"q|x|ch|sh|th|ph|ck|ou|c(?![aiueo])|w(?![aiueo])|y(?![aiueo])|(?:tion|ment|ness|ware)$"
)
_HAMBAT = frozenset("pbtdkgfv")  # obstruents: with r or l after them, the disputed clusters
_LIKUIDA = frozenset("rl")
# A word: letters, possibly joined by hyphens or apostrophes (those are left alone).
_KATA = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011'’][^\W\d_]+)*")
# Not prose: a digit, a URL, an e-mail address, a dotted code or domain, an underscore.
_BUKAN_PROSA = re.compile(r"\d|_|@|://|^www\.|\w\.\w", re.IGNORECASE)


def _kecil(word: str) -> str:
    """The word in lower case, letter for letter (so that indices match the original)."""
    low = word.lower()
    if len(low) == len(word):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in word)


def _satuan(low: str) -> list[str]:
    """The word as letters, a consonant digraph (kh, ng, ny, sy, gh) counting as one."""
    units: list[str] = []
    i = 0
    while i < len(low):
        if low[i : i + 2] in DIGRAF:
            units.append(low[i : i + 2])
            i += 2
        else:
            units.append(low[i])
            i += 1
    return units


def _vokal(unit: str) -> bool:
    return unit in VOKAL


def _diftong(units: list[str], i: int) -> bool:
    """Whether the vowels at units[i] and units[i + 1] are a diphthong here."""
    pair = units[i] + units[i + 1]
    after = units[i + 2 :]
    if pair == "ei":
        return not after
    if pair not in _DIFTONG:
        return False
    # At the end, before a vowel, or before a consonant that starts the next syllable.
    return not after or _vokal(after[0]) or (len(after) > 1 and _vokal(after[1]))


def _pecah(low: str) -> list[int]:
    """Lengths (in letters) of the syllables of a plain word, by the PUEBI rules alone."""
    units = _satuan(low)
    inti: list[tuple[int, int]] = []  # (first, last) unit index of each syllable's vowel(s)
    i = 0
    while i < len(units):
        if _vokal(units[i]):
            if i + 1 < len(units) and _vokal(units[i + 1]) and _diftong(units, i):
                inti.append((i, i + 1))
                i += 2
                continue
            inti.append((i, i))
        i += 1
    if len(inti) < 2:
        return [len(low)] if low else []
    cuts: list[int] = []  # unit index where each syllable after the first starts
    for (_, end), (start, _) in pairwise(inti):
        between = start - end - 1
        if between == 0:
            cuts.append(start)
        elif between == 1:
            cuts.append(start - 1)
        else:  # two consonants: between them; three or four: after the first
            cuts.append(end + 2)
    lengths: list[int] = []
    previous = 0
    for cut in [*cuts, len(units)]:
        lengths.append(sum(len(u) for u in units[previous:cut]))
        previous = cut
    return lengths


def _akhiran_an(stem: str) -> bool:
    """Whether a final "an" of the stem is the suffix -an (see the module docstring)."""
    if not stem.endswith("an") or len(stem) < 5:
        return False
    rest = _satuan(stem[:-2])
    if len(rest) < 2 or _vokal(rest[-1]) or not _vokal(rest[-2]) or rest[-1] in {"w", "y"}:
        return False
    if rest[-1] == "k" and stem.startswith(_AWALAN_KERJA):
        return False  # -kan: meng-gu-na-kan
    return len(_pecah(stem[:-2])) >= 2


def _khusus(core: str) -> list[int] | None:
    """Syllable lengths of a word of :data:`KHUSUS`, alone or behind a prefix, else None."""
    if core in KHUSUS:
        return [len(s) for s in KHUSUS[core]]
    for prefix in _AWALAN_KHUSUS:
        rest = core[len(prefix) :]
        if core.startswith(prefix) and rest in KHUSUS:
            return [*_pecah(prefix), *(len(s) for s in KHUSUS[rest])]
    return None


def _panjang_suku(low: str) -> list[int]:
    """Lengths of the syllables of a lower-case word, affixes and exceptions included."""
    tail: list[int] = []
    stem = low
    for particle in _PARTIKEL:
        rest = low[: -len(particle)]
        if low.endswith(particle) and any(c in VOKAL for c in rest):
            stem, tail = rest, [len(particle)]
            break
    known = _khusus(stem)
    if known is not None:
        return known + tail
    if _akhiran_an(stem):
        core = stem[:-2]
        return [*(_khusus(core) or _pecah(core)), 2, *tail]
    return _pecah(stem) + tail


def suku_kata(word: str) -> list[str]:
    """The syllables of one word, by PUEBI: ``"pembangunan"`` → pem, ba, ngun, an.

    The letters keep their case. A word with anything but letters (a digit, a hyphen, …) is
    returned whole; an empty word gives no syllables.
    """
    if not word:
        return []
    if not word.isalpha():
        return [word]
    syllables: list[str] = []
    start = 0
    for length in _panjang_suku(_kecil(word)):
        syllables.append(word[start : start + length])
        start += length
    return syllables


def _boleh_dipenggal(word: str) -> bool:
    """A plain word: all small letters, or a capital followed by small letters only."""
    if not word.isalpha():
        return False
    rest = word[1:]
    if not (word.islower() or (word[0].isupper() and rest.islower())):
        return False  # PATEN, SiLPA, eKTP
    return not _ASING.search(_kecil(word))


def _titik_putus(word: str, min_kiri: int, min_kanan: int) -> list[int]:
    """Letter positions where the word may break (after that many letters)."""
    low = _kecil(word)
    forbidden_upto = 0
    forbidden_from = 0
    match = _AWALAN_RAGU.match(low)
    if match:
        outer = len(match.group(1) or "")
        forbidden_from = outer + (3 if match.group(2) == "memper" else 0) + 1
        forbidden_upto = match.end()
    positions: list[int] = []
    at = 0
    for length in _panjang_suku(low)[:-1]:
        at += length
        if at < min_kiri or len(word) - at < min_kanan:
            continue
        if forbidden_from <= at <= forbidden_upto:
            continue
        if _gugus_ragu(low, at):
            continue
        positions.append(at)
    return positions


def _gugus_ragu(low: str, at: int) -> bool:
    """Whether the break falls inside two consonants between vowels that are an obstruent
    and r or l (Ap-ril, sek-re-ta-ri-at): PUEBI 1d splits them, KBBI keeps many whole
    (se-kre-ta-ri-at, mi-kro), so no soft hyphen goes there."""
    if at < 2 or at + 2 > len(low):
        return False
    before, first, second, after = (low[i] for i in range(at - 2, at + 2))
    return before in VOKAL and after in VOKAL and first in _HAMBAT and second in _LIKUIDA


def _penggal(word: str, min_kiri: int, min_kanan: int) -> str:
    if len(word) < 7 or not _boleh_dipenggal(word):
        return word
    pieces: list[str] = []
    previous = 0
    for at in _titik_putus(word, min_kiri, min_kanan):
        pieces.append(word[previous:at])
        previous = at
    pieces.append(word[previous:])
    return TANDA_PISAH_LUNAK.join(pieces)


def _penggal_potongan(chunk: str, min_kiri: int, min_kanan: int) -> str:
    """One whitespace-delimited piece of text: its plain words get their soft hyphens."""
    if TANDA_PISAH_LUNAK in chunk or _BUKAN_PROSA.search(chunk):
        return chunk
    return _KATA.sub(lambda m: _penggal(m.group(0), min_kiri, min_kanan), chunk)


def sisipkan_tanda_pisah(text: str, min_kiri: int = 3, min_kanan: int = 3) -> str:
    """The text with a soft hyphen (U+00AD) at every allowed break of its long words.

    Words of seven letters or more are broken at their syllables (:func:`suku_kata`), with
    at least ``min_kiri`` letters before a break and ``min_kanan`` after it; numbers, codes,
    URLs, capitals and hyphenated words are left as they are (see the module docstring).
    Returns a plain ``str`` (never markup), so that a template still escapes it; markup
    given to it (a macro's output) is returned unchanged.
    """
    if hasattr(text, "__html__"):
        return text  # markup (a macro's output): a soft hyphen could land inside a tag
    text = str(text)  # a template may pass any value, printed as str() prints it
    return re.sub(r"\S+", lambda m: _penggal_potongan(m.group(0), min_kiri, min_kanan), text)
