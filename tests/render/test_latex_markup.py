"""Text and formulas made safe for LaTeX: escaping, Unicode, Chinese, breakable formulas."""

from __future__ import annotations

from verifier.render.latex.markup import bookmark, breakable, claim_id, label, math, number, split_tag, text, url


class TestText:
    def test_specials_are_escaped(self) -> None:
        """Every LaTeX special character in prose is escaped."""
        assert text("a_b & 50% #1 $x$ {y} ~ ^") == r"a\_b \& 50\% \#1 \$x\$ \{y\} \textasciitilde{} \^{}"

    def test_chinese_runs_are_wrapped(self) -> None:
        """A run of Chinese (spaces between ideographs included) goes into one \\vdzh."""
        assert text("【测试】 文章 on softmax") == r"\vdzh{【测试】 文章} on softmax"

    def test_greek_and_symbols_become_math(self) -> None:
        """Greek letters and math symbols are typeset as math, dashes and quotes as TeX ligatures."""
        assert text("Σ δ ŷ ≠ — “q”") == r"$\Sigma$ $\delta$ $\hat{y}$ $\neq$ --- ``q''"

    def test_ascii_operators_become_symbols(self) -> None:
        """'>=' and '->' in prose read as the symbols they stand for."""
        assert text("K >= 2, b -> a") == r"K $\geq$ 2, b $\to$ a"

    def test_unknown_characters_are_shown_not_fatal(self) -> None:
        """A character no font here has is printed as its code point, never passed raw."""
        assert text("\u2603") == r"\textsf{[U+2603]}"


class TestMath:
    def test_unicode_in_formulas(self) -> None:
        """SymPy's Dummy index ι and other Unicode become macros."""
        assert math(r"\sum_{ι=1}^{K} x_{ι} − ∞") == r"\sum_{\iota =1}^{K} x_{\iota } - \infty "

    def test_tag_is_split_off(self) -> None:
        """An article's \\tag{7} is removed from the formula and returned."""
        assert split_tag(r"a = b \tag{7}") == ("a = b", "7")
        assert math(r"a = b \tag{7}") == "a = b"

    def test_chinese_in_formulas_is_text(self) -> None:
        """Chinese inside a formula is set as text."""
        assert math("L_{交叉}") == r"L_{\text{\vdzh{交叉}}}"


class TestBreakable:
    def test_cut_at_relations_and_sums(self) -> None:
        """Top-level =, + and - separate the pieces; signs after a relation stay unary."""
        assert breakable("a + b = -c") == r"\vdfit{a} + \vdfit{b} = \vdfit{-c}"

    def test_sign_as_a_script_is_not_an_operator(self) -> None:
        """In ReLU'(0^+) the plus is a superscript, not a place to cut."""
        assert breakable("f(0^+) - f(0^-)") == r"\vdfit{f(0^+)} - \vdfit{f(0^-)}"

    def test_groups_stay_whole(self) -> None:
        """Braces and short \\left...\\right groups are never cut."""
        assert (
            breakable(r"\frac{a + b}{c} - \left(d + e\right)")
            == r"\vdfit{\frac{a + b}{c}} - \vdfit{\left(d + e\right)}"
        )

    def test_sign_after_big_operator_is_unary(self) -> None:
        """In \\sum_{i=1}^{K} - x the minus belongs to the summand."""
        assert breakable(r"\sum_{i=1}^{K} - x_{i}") == r"\vdfit{\sum_{i=1}^{K} - x_{i}}"

    def test_long_group_stays_whole(self) -> None:
        """A long \\left(...\\right) group is one piece (shrunk to the line by \\vdfit), never cut."""
        long = r"\frac{" + "x" * 60 + "}{y}"
        out = breakable(rf"\sum_{{i}} \left({long} + {long}\right) t")
        assert out == r"\vdfit{\sum_{i} \left(" + long + " + " + long + r"\right) t}"

    def test_soft_break_after_quad(self) -> None:
        """\\quad between two statements allows a line break; the parenthesis after it stays whole."""
        assert breakable(r"a = 1 \quad (x > 0)") == r"\vdfit{a} = \vdfit{1 \quad}\allowbreak \vdfit{(x > 0)}"


def test_claim_id_breaks_after_separators() -> None:
    """An id may break after '-', '_' and '.', and its underscore is escaped."""
    assert claim_id("a-b_c.d") == r"\vdid{a-\allowbreak{}b\_\allowbreak{}c.\allowbreak{}d}"


def test_number_in_scientific_notation() -> None:
    """Errors print as 2.5×10^-13 in one box (never broken across lines), zero as 0."""
    assert number(2.5e-13) == r"\mbox{$2.5\times 10^{-13}$}"
    assert number(0.0) == "$0$"
    assert number(0.5) == r"\mbox{$5.0\times 10^{-1}$}"


# What TeX must never see live in what these functions return.
LIVE = ("^^", "\\input", "\\write", "#", "~", "{", "}")


class TestHostileText:
    def test_control_characters_become_placeholders(self) -> None:
        """NUL, ESC, BEL and bidirectional overrides are shown as code points; TeX never sees them."""
        assert (
            text("a\x00b\x1b[2J\x07\u202e")
            == r"a\textsf{[U+0000]}b\textsf{[U+001B]}[2J\textsf{[U+0007]}\textsf{[U+202E]}"
        )

    def test_line_breaks_are_spaces(self) -> None:
        """A newline in a title is a space, never a paragraph break (an empty line in TeX)."""
        assert text("a\n\nb\r\tc") == "a  b  c"

    def test_emoji_get_a_placeholder_not_the_chinese_font(self) -> None:
        """Emoji are wide but not in the CJK font: a placeholder, not \\vdzh (which would stop TeX)."""
        assert text("ok 😀 中文") == r"ok \textsf{[U+1F600]} \vdzh{中文}"
        assert math("x_{😀}") == r"x_{\text{\textsf{[U+1F600]}}}"

    def test_ideographs_the_font_lacks_get_a_placeholder(self) -> None:
        """The Arphic font has no metrics for U+9D00-9DFF: such an ideograph is a placeholder."""
        assert text("鴨") == r"\textsf{[U+9D28]}"

    def test_tex_commands_in_prose_are_inert(self) -> None:
        """\\input, \\write18 and ^^5c in a title are printed, not run."""
        escaped = text(r"\input{/etc/passwd} \immediate\write18{rm} ^^5c")
        assert escaped == (
            r"\textbackslash{}input\{/etc/passwd\} \textbackslash{}immediate\textbackslash{}write18\{rm\} \^{}\^{}5c"
        )

    def test_long_prose_spans_several_source_lines(self) -> None:
        """10 000 placeholders do not make one 190 000-character line (TeX reads 200 000 at most);
        the breaks are comments, so no space is added or lost."""
        long = text("\U00100000" * 10_000)
        assert max(len(line) for line in long.splitlines()) < 600
        words = text("ab " * 2_000)
        assert words.replace("%\n", "") == "ab " * 2_000 and "%\n " not in words

    def test_claim_id_is_escaped_whatever_it_holds(self) -> None:
        """claim_id escapes every special, not only '_' (a correction may name any string)."""
        assert claim_id("a_b}") == r"\vdid{a\_\allowbreak{}b\}}"


class TestUrl:
    def test_plain_url_unchanged(self) -> None:
        """An ordinary URL comes out as it went in."""
        assert (
            url("https://www.cnblogs.com/shine-lee/p/12032066.html")
            == "https://www.cnblogs.com/shine-lee/p/12032066.html"
        )

    def test_tex_specials_are_percent_encoded(self) -> None:
        """^, \\, braces, #, ~ and spaces are percent-encoded; every % is written \\%."""
        encoded = url("https://x.invalid/^^5cinput{/etc/passwd}#\\write18 ~")
        assert encoded == r"https://x.invalid/\%5E\%5E5cinput\%7B/etc/passwd\%7D\%23\%5Cwrite18\%20\%7E"
        assert not any(live in encoded for live in LIVE)

    def test_existing_escapes_kept_bad_ones_encoded(self) -> None:
        """A valid %E4 stays; a stray % is itself encoded; non-ASCII is UTF-8 encoded."""
        assert url("https://x.invalid/%E4%zz/中") == r"https://x.invalid/\%E4\%25zz/\%E4\%B8\%AD"


class TestLabelAndBookmark:
    def test_claim_ids_are_labels_as_they_are(self) -> None:
        """A valid id is its own label: claim:<id>."""
        assert label("claim:wrong_slope-1.2") == "claim:wrong_slope-1.2"

    def test_anything_else_is_hex(self) -> None:
        """Braces, backslashes, spaces and non-ASCII become +XX: one key per string, nothing live."""
        assert label("a}b\\c d中") == "a+7Db+5Cc+20d+E4+B8+AD"
        assert label("a+b") != label("a b")

    def test_bookmarks_are_printable_ascii(self) -> None:
        """PDF bookmarks and titles keep printable ASCII only: no special, no control character."""
        assert bookmark("a_b \\x{y}\x00^^5c") == r"a\textunderscore{}b x y 5c"
        assert bookmark("中文", "article") == "article"
