"""Plain text: decoding, newline normalisation, binary sniffing, the headline rule."""

from __future__ import annotations

import pytest

from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import decode_text, headline_of, headline_problem, looks_binary, normalise_newlines


@pytest.mark.parametrize("data, text, encoding", [
    ("Café “quoted”".encode("utf-8"), "Café “quoted”", "utf-8"),
    (b"\xef\xbb\xbfBOM first", "\ufeffBOM first", "utf-8"),
    ("Café “quoted” — dash".encode("cp1252"), "Café “quoted” — dash", "cp1252"),
    ("naïve ½".encode("latin-1"), "naïve ½", "cp1252"),  # latin-1 letters read the same in cp1252
    (b"\x81\xe9", "\x81é", "latin-1"),  # 0x81 is undefined in cp1252
    ("utf16".encode("utf-16"), "utf16", "utf-16-le"),
])
def test_decode_text(data, text, encoding):
    decoded, used = decode_text(data)
    assert used == encoding
    assert decoded.lstrip("\ufeff") == text.lstrip("\ufeff")


def test_decode_text_rejects_a_lying_bom():
    with pytest.raises(UnreadableInput, match="byte-order mark"):
        decode_text(b"\xff\xfe\x00\xd8")  # a lone surrogate in UTF-16


@pytest.mark.parametrize("text, expected", [
    ("a\r\nb", "a\nb"),
    ("a\rb", "a\nb"),
    ("a\n\n  b\t", "a\n\n  b\t"),  # nothing else changes
])
def test_normalise_newlines(text, expected):
    assert normalise_newlines(text) == expected


@pytest.mark.parametrize("head, binary", [
    (b"plain text\n", False),
    ("caf\u00e9".encode("cp1252"), False),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
    (bytes(range(256)), True),
    ("utf16".encode("utf-16"), False),
    (b"", False),
])
def test_looks_binary(head, binary):
    assert looks_binary(head) is binary


STANDFIRST = ("Valdoria’s President Marrow has urged Estrania to join talks on grain exports, as she continues "
              "to reject any limit on her country’s farmers or any blame for the collapse of the two-year "
              "negotiations.")


@pytest.mark.parametrize("text, title", [
    ("Assad Welcomes America to Cooperate\n\nBody text.", "Assad Welcomes America to Cooperate"),
    ("\n\n  Headline After Blank Lines  \nBody", "Headline After Blank Lines"),
    ("Virginian could make history. Again.\n\nBody", "Virginian could make history. Again."),
    ("Poll: Wealthy Voters Abandon Party.\n\nBody", "Poll: Wealthy Voters Abandon Party."),
    ("# Markdown Heading\n\nBody", "Markdown Heading"),
    ("“We will not sign,” says president\n\nBody", "“We will not sign,” says president"),
    ("Mayor Reyes: Ferry Will Run All Winter\n\nBody", "Mayor Reyes: Ferry Will Run All Winter"),
    ("Why did the Corvana bridge close? Engineers explain the cracks\n\nBody",
     "Why did the Corvana bridge close? Engineers explain the cracks"),
    ("12 Things the Valdorian Budget Does Not Say\n\nBody", "12 Things the Valdorian Budget Does Not Say"),
    # negative cases
    # a one-sentence standfirst standing in for a missing headline: a sentence, not a title (37 words)
    (STANDFIRST + "\n\nThe president told reporters…", None),
    ("The council of Corvana voted late on Tuesday to close the old ferry pier for the whole winter, after "
     "engineers found cracks.\n\nBody", None),  # 22 words, a sentence
    ("The mayor of Corvana, who took office last spring after a long and bitter campaign against two rivals, "
     "said on Tuesday that the ferry would run\n\nBody", None),  # 26 words, no full stop: too long for a headline
    # many outlets end headlines with a full stop: a short one stays a title
    ("Corvana Council Closes the Old Ferry Pier for the Winter.\n\nBody",
     "Corvana Council Closes the Old Ferry Pier for the Winter."),
    ("In a statement released late on Friday evening, the ministry said:\n\nBody", None),
    ("Speaking to reporters in Corvana on Monday,\n\nBody", None),
    ("Only one paragraph and nothing after it.", None),
    ("By Jane Roe\n\nBody", None),
    ("2017-02-10\n\nBody", None),
    ("https://example.com/story\n\nBody", None),
    ("lower-case start is a sentence fragment\n\nBody", None),
    ("The minister spoke. She said many things about the budget, the pension fund, the army and the "
     "roads. Then she left the building.\n\nBody", None),
    (" ".join(["Word"] * 50) + "\n\nBody", None),
    ("", None),
])
def test_headline_of(text, title):
    assert headline_of(text) == title


@pytest.mark.parametrize("line, problem", [
    ("Valdoria Opens Grain Talks", None),
    ("Ferry runs again. Finally.", None),
    ("Green party candidate removed from the Corvana debate hall by police.", None),  # sentence case, 11 words
    ("Candidates vie for the farmers' vote;", None),  # a headline whose deck followed after the semicolon
    # 22 words ending with a full stop, but in Title Case: a long headline, not a lede
    ("Marrow: Estrania Has ‘A Long Way To Go’ On Grain, And Valdoria Will Not Sign Because ‘Farmers Come First’ "
     "For Her Party.", None),
    (" ".join(["Word"] * 26), "too long"),
    ("By Ana Roe", "byline, date or link"),
    ("after the vote, calm returned", "starts in lower case"),
    ("As the minister put it:", "ends like a lead-in"),
    ("The minister said on Tuesday that the pension fund would last until 2031 at the earliest, and perhaps a "
     "little longer.", "a sentence"),
    ("The minister spoke to the council on Tuesday. Then the union leaders walked out of the hall and into the "
     "rain outside", "a sentence"),
])
def test_headline_problem_says_why(line, problem):
    assert headline_problem(line) == problem
