"""Indonesian syllables and soft hyphens (renstra_docs.suku), against breaks written by hand.

Every expected split is written out literally from a source: the examples of PUEBI
"Pemenggalan Kata" themselves, or the syllables KBBI gives for the word (KBBI writes
"ke·ca·mat·an"; here "ke-ca-mat-an"). Where the two disagree (an obstruent and r/l between
vowels: PUEBI Ap-ril, KBBI se·kre·ta·ri·at) the module follows PUEBI except for its list of
KBBI exceptions, and its docstring says so.
"""

from __future__ import annotations

import pytest
from markupsafe import Markup

from renstra_docs import suku
from renstra_docs.suku import sisipkan_tanda_pisah, suku_kata
from renstra_docs.templating import make_environment

SHY = "\u00ad"

# The examples of PUEBI, "Pemenggalan Kata" (kata dasar, 1a–1e and the note on digraphs).
PUEBI = [
    "bu-ah", "ma-in", "ni-at", "sa-at",  # 1a: two vowels
    "pan-dai", "au-la", "sau-da-ra", "sur-vei", "am-boi",  # 1b: diphthongs
    "ba-pak", "la-wan", "de-ngan", "ke-nyang", "mu-ta-khir", "mu-sya-wa-rah",  # 1c
    "Ap-ril", "cap-lok", "makh-luk", "man-di", "sang-gup", "som-bong", "swas-ta",  # 1d
    "ul-tra", "in-fra", "ben-trok", "in-stru-men",  # 1e: three or more consonants
    "bang-krut", "bang-sa", "ba-nyak", "ikh-las", "kong-res", "masy-hur",  # digraphs
]  # fmt: skip

# Words of a Renstra, with the syllables KBBI gives them.
KBBI = [
    # Affixed nouns: the suffix -an stands apart from a stem that ends in a consonant.
    "pem-ba-ngun-an", "ke-pe-me-rin-tah-an", "pe-la-yan-an", "ke-ca-mat-an", "ke-lu-rah-an",
    "per-tang-gung-ja-wab-an", "ling-kung-an", "ke-gi-at-an", "pen-da-pat-an", "ang-gar-an",
    "ke-bi-jak-an", "sa-sar-an", "ke-u-ang-an", "ke-ter-tib-an", "ke-ten-te-ram-an",
    "pe-mu-kim-an", "pen-di-dik-an", "ke-se-hat-an", "pe-re-kam-an", "pe-ning-kat-an",
    "ke-pen-du-duk-an", "pe-nyu-sun-an", "ke-ma-sya-ra-kat-an", "ke-ta-han-an",
    "ke-pu-as-an", "pe-nga-was-an", "per-kan-tor-an", "pe-ri-zin-an", "per-lin-dung-an",
    "pe-ne-rang-an", "ke-ba-kar-an", "pe-nang-gu-lang-an", "ke-i-ngin-an", "per-ba-ik-an",
    "pe-ra-ir-an", "ber-ka-it-an",
    # -an after a vowel: the plain rules give the same split.
    "pe-nye-leng-ga-ra-an", "ke-se-jah-te-ra-an", "pem-ber-da-ya-an", "pe-ren-ca-na-an",
    "tu-ju-an", "pe-lak-sa-na-an", "pen-ca-pai-an", "ke-se-su-ai-an", "ke-pu-lau-an",
    "pe-me-li-ha-ra-an", "ken-da-ra-an", "ke-pe-ga-wai-an", "per-pus-ta-ka-an",
    # Verbs in -kan.
    "meng-gu-na-kan", "me-ning-kat-kan",
    # Stems that end in "an" themselves, and words without a suffix.
    "ja-lan", "ba-dan", "ka-wa-san", "ha-la-man", "ma-sya-ra-kat", "re-a-li-sa-si",
    "in-di-ka-tor", "stra-te-gi", "pe-ga-wai", "ker-ja", "ka-pa-si-tas", "par-ti-si-pa-si",
    "to-tal", "ter-se-di-a", "o-pe-ra-si-o-nal", "a-pa-ra-tur", "ko-or-di-na-si",
    "e-va-lu-a-si", "lis-trik", "in-stan-si", "do-ku-men", "drai-na-se",
    "ad-mi-nis-tra-si",
    # Loanwords whose cluster KBBI keeps whole (the module's KHUSUS list).
    "pro-gram", "se-kre-ta-ri-at", "in-fra-struk-tur", "de-mo-kra-si",
]  # fmt: skip


@pytest.mark.parametrize("expected", PUEBI + KBBI)
def test_suku_kata(expected: str) -> None:
    word = expected.replace("-", "")
    assert suku_kata(word) == expected.split("-")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("lainnya", "la-in-nya"),  # lain (PUEBI ma-in) + the particle -nya
        ("kegiatannya", "ke-gi-at-an-nya"),
        ("programnya", "pro-gram-nya"),
        ("pegawainya", "pe-ga-wai-nya"),
        ("Kelurahan", "Ke-lu-rah-an"),  # the letters keep their case
        ("PEMBANGUNAN", "PEM-BA-NGUN-AN"),
    ],
)
def test_suku_kata_affixes_and_case(word: str, expected: str) -> None:
    assert suku_kata(word) == expected.split("-")


def test_suku_kata_of_what_is_not_a_plain_word() -> None:
    assert suku_kata("") == []
    assert suku_kata("KTP-el") == ["KTP-el"]
    assert suku_kata("2025") == ["2025"]
    assert suku_kata("ikan") == ["i", "kan"]


def test_the_word_lists_are_large_enough() -> None:
    assert len(KBBI) >= 40


def shy(text: str) -> str:
    """Soft hyphens made visible, for readable comparisons."""
    return text.replace(SHY, "~")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kelurahan", "Kelu~rahan"),
        ("Kecamatan", "Keca~matan"),
        ("Tersedia", "Ter~se~dia"),
        # Never before the suffix: no "pembangu-nan", and -an alone is too short anyway.
        ("pembangunan", "pem~ba~ngunan"),
        ("penyelenggaraan", "penye~leng~ga~raan"),
        ("pertanggungjawaban", "per~tang~gung~ja~waban"),
        ("Lainnya", "Lain~nya"),
        ("Pelayanan", "Pela~yanan"),
        ("masyarakat", "masya~ra~kat"),
        # A break inside kr/pr/tr/… between vowels is disputed (sek-re / se-kre): none there.
        ("Sekretariat", "Sekre~ta~riat"),
        ("patroli", "patroli"),
        # After a prefix before a vowel (per-a-lat-an or pe-ra-lat-an?) nothing up to 4 letters.
        ("peralatan", "pera~latan"),
        ("program", "pro~gram"),
        ("infrastruktur", "infra~struk~tur"),
    ],
)
def test_soft_hyphens_in_words(text: str, expected: str) -> None:
    assert shy(sisipkan_tanda_pisah(text)) == expected


def test_minimum_letters_on_each_side() -> None:
    assert shy(sisipkan_tanda_pisah("dengan")) == "dengan"  # under seven letters
    assert shy(sisipkan_tanda_pisah("instansi")) == "instansi"  # in-stan-si: 2 | 2 letters
    assert shy(sisipkan_tanda_pisah("kegiatan")) == "kegi~atan"
    assert shy(sisipkan_tanda_pisah("kegiatan", min_kiri=2)) == "ke~gi~atan"
    assert shy(sisipkan_tanda_pisah("kegiatan", min_kanan=2)) == "kegi~at~an"
    assert shy(sisipkan_tanda_pisah("kegiatan", min_kiri=5)) == "kegiatan"
    # With two letters allowed on the left, the prefix rule still keeps "pe-ru", "be-ra",
    # "ke-be-ra" out (ke- itself is safe).
    assert shy(sisipkan_tanda_pisah("perumahan", min_kiri=2)) == "peru~mahan"
    assert shy(sisipkan_tanda_pisah("berakhir", min_kiri=2)) == "bera~khir"
    assert shy(sisipkan_tanda_pisah("keberadaan", min_kiri=2)) == "ke~bera~daan"


@pytest.mark.parametrize(
    "text",
    [
        "1.02.01", "2.08.2.11.01", "Rp1.250.000.000,50", "2025", "100,00%", "Tahun-1",
        "http://bekasikota.go.id/kecamatan", "www.bekasikota.go.id", "pelayanan@bekasikota.go.id",
        "PATEN", "KECAMATAN", "SAKIP", "SiLPA", "eKTP", "KTP-el",
        "rata-rata", "sosial-kemasyarakatan", "Peren\u00adcanaan",
        "outcome", "software", "Pembangunan2025",
    ],
)  # fmt: skip
def test_left_alone(text: str) -> None:
    assert sisipkan_tanda_pisah(text) == text


def test_text_with_punctuation() -> None:
    text = (
        "Tersedianya dokumen perencanaan (RPJMD 2025-2029) di Kecamatan/Kelurahan; "
        "“Pelayanan” terpadu, rata-rata 95,50%: http://bekasikota.go.id."
    )
    expected = (
        "Ter~se~di~a~nya doku~men peren~ca~naan (RPJMD 2025-2029) di Keca~matan/Kelu~rahan; "
        "“Pela~yanan” ter~padu, rata-rata 95,50%: http://bekasikota.go.id."
    )
    assert shy(sisipkan_tanda_pisah(text)) == expected


@pytest.mark.parametrize("word", [w.replace("-", "") for w in KBBI])
def test_every_soft_hyphen_is_a_syllable_break(word: str) -> None:
    done = sisipkan_tanda_pisah(word, min_kiri=1, min_kanan=1)
    assert done.replace(SHY, "") == word
    breaks = {len(part) for part in _prefixes(done.split(SHY))}
    syllables = {len(part) for part in _prefixes(suku_kata(word))}
    assert breaks <= syllables


def _prefixes(parts: list[str]) -> list[str]:
    return ["".join(parts[: i + 1]) for i in range(len(parts) - 1)]


def test_idempotent_and_plain_str() -> None:
    text = "Program Peningkatan Kapasitas Sumber Daya Aparatur Kecamatan"
    once = sisipkan_tanda_pisah(text)
    assert type(once) is str
    assert once.replace(SHY, "") == text
    assert sisipkan_tanda_pisah(once) == once


def test_markup_is_returned_unchanged() -> None:
    markup = Markup("<b>Kelurahan</b>")
    assert sisipkan_tanda_pisah(markup) is markup


def test_jinja_filter_still_escapes() -> None:
    env = make_environment(None)
    out = env.from_string("{{ x | suku }}").render(x="<Kelurahan> & Kecamatan")
    assert out == "&lt;Kelu\u00adrahan&gt; &amp; Keca\u00admatan"


def test_exceptions_are_consistent() -> None:
    for word, syllables in suku.KHUSUS.items():
        assert "".join(syllables) == word
        assert suku_kata(word) == list(syllables)
