"""Prose markup: exact HTML for every construct, and nothing the author types becomes markup."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
import yaml
from markupsafe import Markup

from renstra_docs.prosa import ProsaError, plain_text, references, render_prosa

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "span"}
GUIDE = Path(__file__).resolve().parent.parent / "docs" / "format-prosa.md"


def resolver(kind: str, key: str) -> Markup | None:
    """Knows tabel 'rencana' (5.1) and gambar 'struktur' (2.1), like a build would."""
    known = {("tabel", "rencana"): "Tabel 5.1", ("gambar", "struktur"): "Gambar 2.1"}
    label = known.get((kind, key))
    if label is None:
        return None
    return Markup('<a href="#{0}-{1}">{2}</a>, hlm. <span class="hlm"></span>').format(
        kind, key, label
    )


def resolve_any(kind: str, key: str) -> Markup:
    return Markup('<a href="#{0}">{0}</a>').format(f"{kind}-{key}")


# ---------------------------------------------------------------------------- paragraphs


def test_empty_text_is_empty_markup() -> None:
    assert render_prosa("") == Markup("")
    assert render_prosa(" \n\n  \n") == ""
    assert render_prosa("", inline=True) == ""
    assert plain_text("") == ""
    assert references("") == []


def test_result_is_markup() -> None:
    assert isinstance(render_prosa("a"), Markup)
    assert isinstance(render_prosa("a", inline=True), Markup)


def test_single_paragraph() -> None:
    assert render_prosa("Kecamatan Bekasi Utara.") == "<p>Kecamatan Bekasi Utara.</p>"


def test_single_newline_is_a_space_and_blank_line_separates() -> None:
    text = "Baris satu\nbaris dua.\n\n\n  Paragraf   kedua\t lanjut.  \n"
    assert render_prosa(text) == "<p>Baris satu baris dua.</p>\n<p>Paragraf kedua lanjut.</p>"


def test_crlf_and_whitespace_only_lines() -> None:
    assert render_prosa("a\r\nb\r\n \t \r\nc\rd") == "<p>a b</p>\n<p>c d</p>"


def test_yaml_folded_and_literal_blocks_give_the_same_paragraph() -> None:
    doc = yaml.safe_load(
        "lipat: >-\n  Isu strategis adalah\n  kondisi penting.\n"
        "harfiah: |\n  Isu strategis adalah\n  kondisi penting.\n"
    )
    assert render_prosa(doc["lipat"]) == render_prosa(doc["harfiah"])
    assert render_prosa(doc["harfiah"]) == "<p>Isu strategis adalah kondisi penting.</p>"


def test_yaml_literal_block_with_paragraphs_and_list() -> None:
    doc = yaml.safe_load(
        "teks: |\n"
        "  Faktor penghambat:\n"
        "  - Kualitas SDM aparatur\n"
        "    belum optimal\n"
        "  - Anggaran terbatas\n"
        "\n"
        "  Faktor tersebut ditelaah.\n"
    )
    assert render_prosa(doc["teks"]) == (
        "<p>Faktor penghambat:</p>\n"
        '<ul class="daftar">\n'
        "<li>Kualitas SDM aparatur belum optimal</li>\n"
        "<li>Anggaran terbatas</li>\n"
        "</ul>\n"
        "<p>Faktor tersebut ditelaah.</p>"
    )


def test_yaml_folded_block_merges_paragraphs_as_the_guide_warns() -> None:
    # YAML folds ">-" before we see it: one blank line becomes a single newline.
    doc = yaml.safe_load("teks: >-\n  Satu.\n\n  Dua.\n")
    assert doc["teks"] == "Satu.\nDua."
    assert render_prosa(doc["teks"]) == "<p>Satu. Dua.</p>"


def test_guide_examples_render() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 6
    for block in blocks:
        for value in yaml.safe_load(block).values():
            html = render_prosa(value, resolve_any)
            assert html.startswith(("<p>", "<ul", "<ol")), html
            assert "*" not in html and "[[" not in html, html


# --------------------------------------------------------------------------------- lists


def test_bullet_list_both_markers() -> None:
    assert render_prosa("- satu\n• dua") == (
        '<ul class="daftar">\n<li>satu</li>\n<li>dua</li>\n</ul>'
    )


def test_numbered_list_dot_and_paren() -> None:
    assert render_prosa("1. satu\n2) dua\n3. tiga") == (
        '<ol class="daftar">\n<li>satu</li>\n<li>dua</li>\n<li>tiga</li>\n</ol>'
    )


def test_numbered_list_counts_from_the_first_number() -> None:
    # Later numbers are not read: the items are numbered 3, 4, 5 in the order written.
    assert render_prosa("3. tiga\n7. empat\n3. lima") == (
        '<ol class="daftar" start="3">\n<li>tiga</li>\n<li>empat</li>\n<li>lima</li>\n</ol>'
    )
    assert render_prosa("0. nol") == '<ol class="daftar" start="0">\n<li>nol</li>\n</ol>'
    assert render_prosa("01. satu") == '<ol class="daftar">\n<li>satu</li>\n</ol>'


def test_blank_lines_between_items_keep_one_list() -> None:
    assert render_prosa("1. satu\n\n2. dua") == (
        '<ol class="daftar">\n<li>satu</li>\n<li>dua</li>\n</ol>'
    )


def test_changing_marker_kind_starts_a_new_list() -> None:
    assert render_prosa("- a\n1. b") == (
        '<ul class="daftar">\n<li>a</li>\n</ul>\n<ol class="daftar">\n<li>b</li>\n</ol>'
    )


def test_nested_list() -> None:
    text = "\n".join(
        [
            "1. Misi pertama",
            "   - tata kelola",
            "   - pelayanan",
            "2. Misi kedua",
            "  1) aman",
            "  2) tertib",
        ]
    )
    assert render_prosa(text) == (
        '<ol class="daftar">\n'
        '<li>Misi pertama<ul class="daftar">\n'
        "<li>tata kelola</li>\n<li>pelayanan</li>\n</ul></li>\n"
        '<li>Misi kedua<ol class="daftar">\n<li>aman</li>\n<li>tertib</li>\n</ol></li>\n'
        "</ol>"
    )


def test_nested_list_kind_change_and_start() -> None:
    assert render_prosa("- a\n  - b\n  4. c\n  5. d") == (
        '<ul class="daftar">\n<li>a<ul class="daftar">\n<li>b</li>\n</ul>'
        '<ol class="daftar" start="4">\n<li>c</li>\n<li>d</li>\n</ol></li>\n</ul>'
    )


def test_deeper_indentation_is_still_the_one_nested_level() -> None:
    assert render_prosa("- a\n  - b\n      - c\n - d") == (
        '<ul class="daftar">\n<li>a<ul class="daftar">\n<li>b</li>\n<li>c</li>\n</ul></li>\n'
        "<li>d</li>\n</ul>"
    )


def test_nesting_is_relative_to_the_first_item() -> None:
    assert render_prosa("    - a\n  - b") == ('<ul class="daftar">\n<li>a</li>\n<li>b</li>\n</ul>')


def test_tab_indentation_nests() -> None:
    assert render_prosa("- a\n\t- b") == (
        '<ul class="daftar">\n<li>a<ul class="daftar">\n<li>b</li>\n</ul></li>\n</ul>'
    )


def test_continuation_lines_need_indentation() -> None:
    assert render_prosa("- satu\n  lanjutan\n- dua\n    - anak\n      lanjut anak\nakhir") == (
        '<ul class="daftar">\n<li>satu lanjutan</li>\n'
        '<li>dua<ul class="daftar">\n<li>anak lanjut anak</li>\n</ul></li>\n</ul>\n'
        "<p>akhir</p>"
    )


def test_indented_line_after_blank_line_is_a_paragraph() -> None:
    assert render_prosa("- a\n\n  b") == '<ul class="daftar">\n<li>a</li>\n</ul>\n<p>b</p>'


def test_mixed_paragraphs_and_lists() -> None:
    text = "\n".join(
        [
            "Pembuka **penting**.",
            "- satu",
            "- dua",
            "",
            "Sela.",
            "",
            "4. empat",
            "5. lima",
            "",
            "Penutup.",
        ]
    )
    assert render_prosa(text) == (
        "<p>Pembuka <strong>penting</strong>.</p>\n"
        '<ul class="daftar">\n<li>satu</li>\n<li>dua</li>\n</ul>\n'
        "<p>Sela.</p>\n"
        '<ol class="daftar" start="4">\n<li>empat</li>\n<li>lima</li>\n</ol>\n'
        "<p>Penutup.</p>"
    )


def test_what_may_interrupt_a_paragraph() -> None:
    # A bullet or "1." ends a paragraph; another number (a wrapped year) stays text.
    assert render_prosa("Daftar:\n1. satu") == (
        '<p>Daftar:</p>\n<ol class="daftar">\n<li>satu</li>\n</ol>'
    )
    assert render_prosa("pada tahun\n2013. Kemudian") == "<p>pada tahun 2013. Kemudian</p>"
    assert render_prosa("Sela\n4. empat") == "<p>Sela 4. empat</p>"


def test_not_list_markers() -> None:
    assert render_prosa("-5% dari target") == "<p>-5% dari target</p>"
    assert render_prosa("-") == "<p>-</p>"
    assert render_prosa("1.5 juta jiwa") == "<p>1.5 juta jiwa</p>"
    assert render_prosa("1234. empat digit") == "<p>1234. empat digit</p>"
    assert render_prosa("* bintang") == "<p>* bintang</p>"
    assert render_prosa("— pisah") == "<p>— pisah</p>"


def test_item_text_may_start_with_a_marker() -> None:
    assert render_prosa("- - a") == '<ul class="daftar">\n<li>- a</li>\n</ul>'


# -------------------------------------------------------------------------------- inline


def test_bold_and_italic() -> None:
    assert render_prosa("**tebal** *miring* _miring_", inline=True) == (
        "<strong>tebal</strong> <em>miring</em> <em>miring</em>"
    )


def test_nested_emphasis() -> None:
    assert render_prosa("**a _b_ c**", inline=True) == "<strong>a <em>b</em> c</strong>"
    assert render_prosa("*a **b** c*", inline=True) == "<em>a <strong>b</strong> c</em>"
    assert render_prosa("***x***", inline=True) == "<em><strong>x</strong></em>"


def test_emphasis_inside_a_word_and_across_lines() -> None:
    assert render_prosa("Rp**1.000**,00", inline=True) == "Rp<strong>1.000</strong>,00"
    assert render_prosa("**dua\nbaris**") == "<p><strong>dua baris</strong></p>"


@pytest.mark.parametrize(
    "text",
    [
        "**",
        "****",
        "*****tebal*****",
        "**tidak ditutup",
        "tidak dibuka**",
        "*miring",
        "2 * 3 * 4",
        "** spasi**",
        "**spasi **",
        "nama_berkas_baru",
        "__bukan tebal__",
        "_",
        "a * b",
    ],
)
def test_unmatched_or_invalid_markers_are_literal(text: str) -> None:
    assert render_prosa(text, inline=True) == Markup.escape(text)
    assert plain_text(text) == text


def test_unmatched_marker_next_to_a_matched_one() -> None:
    assert render_prosa("**a** dan **b", inline=True) == "<strong>a</strong> dan **b"
    assert render_prosa("5* dan *x*", inline=True) == "5* dan <em>x</em>"


def test_single_and_double_stars_do_not_pair() -> None:
    assert render_prosa("**a*b**", inline=True) == "<strong>a*b</strong>"
    assert render_prosa("*a**b*", inline=True) == "<em>a**b</em>"
    assert render_prosa("**a *b** c*", inline=True) == "<strong>a *b</strong> c*"
    assert render_prosa("*a **b***", inline=True) == "<em>a <strong>b</strong></em>"
    assert render_prosa("***a** b*", inline=True) == "<em><strong>a</strong> b</em>"


def test_marker_opened_inside_and_not_closed_is_literal() -> None:
    assert render_prosa("**a _b c**", inline=True) == "<strong>a _b c</strong>"


def test_deep_nesting_is_limited_not_fatal() -> None:
    assert render_prosa("*a " * 2000 + "x" + " a*" * 2000, inline=True).count("<em>") == 8
    assert render_prosa("*a *b x b* a*", inline=True) == "<em>a <em>b x b</em> a</em>"


def test_inline_mode_has_no_blocks() -> None:
    text = "- bukan daftar\n\n1. bukan **nomor**"
    assert render_prosa(text, inline=True) == "- bukan daftar 1. bukan <strong>nomor</strong>"
    assert plain_text(text, inline=True) == "- bukan daftar 1. bukan nomor"


def test_emphasis_in_list_items() -> None:
    assert render_prosa("- **Visi**: maju\n- *Misi*") == (
        '<ul class="daftar">\n<li><strong>Visi</strong>: maju</li>\n<li><em>Misi</em></li>\n</ul>'
    )


# ---------------------------------------------------------------------------- references


def test_references_are_resolved() -> None:
    assert render_prosa("Lihat [[tabel:rencana]] dan [[gambar:struktur]].", resolver) == (
        '<p>Lihat <a href="#tabel-rencana">Tabel 5.1</a>, hlm. <span class="hlm"></span> dan '
        '<a href="#gambar-struktur">Gambar 2.1</a>, hlm. <span class="hlm"></span>.</p>'
    )


def test_reference_in_inline_mode_list_and_emphasis() -> None:
    assert render_prosa("**[[tabel:rencana]]**", resolve_any, inline=True) == (
        '<strong><a href="#tabel-rencana">tabel-rencana</a></strong>'
    )
    assert render_prosa("- [[gambar:a_1-b]]", resolve_any) == (
        '<ul class="daftar">\n<li><a href="#gambar-a_1-b">gambar-a_1-b</a></li>\n</ul>'
    )


def test_resolver_returning_plain_str_is_escaped() -> None:
    def sloppy(kind: str, key: str) -> Markup | None:
        return "<b>Tabel</b>"  # type: ignore[return-value]

    assert render_prosa("[[tabel:x]]", sloppy, inline=True) == "&lt;b&gt;Tabel&lt;/b&gt;"


def test_unknown_reference_is_an_error() -> None:
    with pytest.raises(ProsaError, match=r"^rujukan tabel 'tidak-ada' tidak dikenal$") as info:
        render_prosa("Lihat [[tabel:tidak-ada]].", resolver)
    assert (info.value.kind, info.value.key) == ("tabel", "tidak-ada")
    assert isinstance(info.value, ValueError)
    with pytest.raises(ProsaError, match="rujukan gambar 'rencana' tidak dikenal"):
        render_prosa("[[gambar:rencana]]", resolver, inline=True)


def test_reference_without_resolver_is_an_error() -> None:
    with pytest.raises(ProsaError, match="rujukan tabel 'rencana' tidak dikenal"):
        render_prosa("[[tabel:rencana]]")
    with pytest.raises(ProsaError, match="rujukan tabel 'rencana' tidak dikenal"):
        plain_text("- [[tabel:rencana]]")


@pytest.mark.parametrize(
    "text",
    [
        "[[Tabel:rencana]]",
        "[[TABEL:rencana]]",
        "[[tabel: rencana]]",
        "[[ gambar:struktur]]",
        "[[tabel:kunci salah]]",
        "[[tabel:]]",
        "[[tabel:rencana]",
        "[[tabel:rencana",
        '[[tabel:x"><script>alert(1)</script>]]',
        "[[tabel:ké]]",
    ],
)
def test_malformed_reference_is_an_error(text: str) -> None:
    with pytest.raises(ProsaError, match=r"^rujukan tidak valid: '"):
        render_prosa(text, resolve_any)
    with pytest.raises(ProsaError, match=r"^rujukan tidak valid"):
        references(text)


@pytest.mark.parametrize(
    "text", ["[[foto:a]]", "[[catatan]]", "[tabel:a]", "[ [tabel:a]]", "[[", "]]", "a[b]c"]
)
def test_other_brackets_are_text(text: str) -> None:
    assert render_prosa(text, resolve_any, inline=True) == Markup.escape(text)
    assert references(text) == []


def test_references_list() -> None:
    text = (
        "Lihat [[tabel:rencana]].\n\n"
        "- **[[gambar:struktur]]**\n"
        "  - dan [[tabel:t-2_1]], lagi [[tabel:rencana]]"
    )
    assert references(text) == [("tabel", "rencana"), ("gambar", "struktur"), ("tabel", "t-2_1")]


def test_reference_next_to_brackets() -> None:
    assert render_prosa("[[[tabel:x]]]", resolve_any, inline=True) == (
        '[<a href="#tabel-x">tabel-x</a>]'
    )


# ------------------------------------------------------------------------ hostile inputs


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("<b>tebal</b> <i>x</i>", "&lt;b&gt;tebal&lt;/b&gt; &lt;i&gt;x&lt;/i&gt;"),
        ("&amp; &lt; &#60; &", "&amp;amp; &amp;lt; &amp;#60; &amp;"),
        (
            '"><img src=x onerror=alert(1)>',
            "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
        ),
        (
            "<style>body{background:url(javascript:alert(1))}</style>",
            "&lt;style&gt;body{background:url(javascript:alert(1))}&lt;/style&gt;",
        ),
        ("url(data:x) @import 'a.css';", "url(data:x) @import &#39;a.css&#39;;"),
        ("C:\\dokumen\\data.yaml \\*x\\*", "C:\\dokumen\\data.yaml \\<em>x\\</em>"),
        ("{{ renstra.unit }} {% raw %}{# x #}", "{{ renstra.unit }} {% raw %}{# x #}"),
        ("<!-- komentar --> <![CDATA[x]]>", "&lt;!-- komentar --&gt; &lt;![CDATA[x]]&gt;"),
    ],
)
def test_hostile_text_is_escaped(text: str, html: str) -> None:
    assert render_prosa(text, inline=True) == html
    assert render_prosa(text) == f"<p>{html}</p>"
    assert render_prosa(f"- {text}") == f'<ul class="daftar">\n<li>{html}</li>\n</ul>'
    assert plain_text(text) == text.replace("\\*", "\\")


def test_markup_in_emphasis_is_text() -> None:
    assert render_prosa("**<em>a</em>**", inline=True) == "<strong>&lt;em&gt;a&lt;/em&gt;</strong>"
    assert plain_text("**<em>a</em>**") == "<em>a</em>"


def test_markup_input_is_still_treated_as_text() -> None:
    assert render_prosa(Markup("<b>x</b>"), inline=True) == "&lt;b&gt;x&lt;/b&gt;"


def test_in_an_autoescaped_jinja_template() -> None:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["prosa"] = render_prosa
    template = env.from_string("<div>{{ teks | prosa }}</div>")
    out = template.render(teks="**{{ 7*7 }}** <script>")
    assert out == "<div><p><strong>{{ 7*7 }}</strong> &lt;script&gt;</p></div>"


# ---------------------------------------------------------------------------- plain_text


def test_plain_text() -> None:
    text = (
        "Visi **Bekasi _Maju_**,\nSejahtera.\n\n"
        "1. Misi *satu*\n   - butir [[tabel:rencana]]\n2. Misi dua\n\n"
        "Catatan: 2 * 3, &amp;, <b>."
    )
    assert plain_text(text, resolver) == (
        "Visi Bekasi Maju, Sejahtera.\n"
        "Misi satu\n"
        "butir Tabel 5.1, hlm.\n"
        "Misi dua\n"
        "Catatan: 2 * 3, &amp;, <b>."
    )


def test_plain_text_matches_rendered_text() -> None:
    text = "Pembuka\n- **a** [[gambar:struktur]]\n  - _b_\n\n3. c\n\nakhir *"
    seen = _parse(render_prosa(text, resolver))
    assert " ".join(seen.text.split()) == " ".join(plain_text(text, resolver).split())


# ------------------------------------------------------------------------ property check


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.end_tags: list[str] = []
        self.chunks: list[str] = []
        self.other: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.end_tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment {data}")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"decl {decl}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"pi {data}")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"unknown {data}")


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


PIECES = [
    *"<>&\"'*_-[]:\n /=;(){}\\.)•",
    "a",
    "b",
    "1",
    "12",
    " ",
    "  ",
    "\n\n",
    "\n  ",
    "- ",
    "1. ",
    "2) ",
    "**",
    "script",
    "img",
    "onerror",
    "style",
    "url(",
    "&amp;",
    "&#60;",
    "<!--",
    "<![CDATA[",
    "[[tabel:k-1]]",
    "[[gambar:x_2]]",
    "k-1",
    "]]",
    "{{",
    "{%",
]

REF_PREFIXES = ["[[tabel:", "[[gambar:"]


def test_random_text_never_produces_a_foreign_tag() -> None:
    rng = random.Random(20131128)
    rendered = failed = 0
    for _ in range(500):
        # A bare "[[tabel:" prefix (usually a malformed reference) only now and then.
        text = "".join(
            rng.choice(PIECES) if rng.random() > 0.01 else rng.choice(REF_PREFIXES)
            for _ in range(rng.randint(0, 40))
        )
        inline = rng.random() < 0.25
        try:
            html = render_prosa(text, resolve_any, inline=inline)
        except ProsaError:
            failed += 1
            # Validation sees exactly the problems rendering would hit.
            with pytest.raises(ProsaError):
                references(text)
            continue
        rendered += 1
        assert isinstance(html, Markup)
        parsed = _parse(str(html))
        assert not parsed.other, (text, html)
        assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS, (text, html)
        assert set(parsed.end_tags) <= ALLOWED_TAGS, (text, html)
        for tag, attrs in parsed.tags:
            names = {name for name, _ in attrs}
            assert names <= {"class", "start", "href"}, (text, html)
            assert tag == "a" or "href" not in names, (text, html)
        assert " ".join(parsed.text.split()) == " ".join(
            plain_text(text, resolve_any, inline=inline).split()
        ), (text, html)
        for kind, key in references(text):
            assert f'href="#{kind}-{key}"' in html
    assert rendered > 400 and failed > 0
