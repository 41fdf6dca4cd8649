#!/usr/bin/env python3
"""make_cp1252_fixture.py -- writes tests/fixtures/crimea-letters-cp1252.txt.

quire must read plain text that is not UTF-8, as old word processors and
Windows editors saved it.  A fixture in Windows-1252 cannot be edited safely
with ordinary tools, so its text lives here, in UTF-8, and this script
encodes it: curly quotes become 0x93/0x94, the apostrophe 0x92, the en dash
0x96, the em dash 0x97, the pound sign 0xA3 and e-acute 0xE9.  The text is
the fixture author's own writing (an invented paper).

Run from the repository root:  python3 tools/make_cp1252_fixture.py
The result is committed; re-run only after editing TEXT (and then re-run
tools/fixture_words.sh to check the expected word count).
"""

import os
import sys

OUT = os.path.join("tests", "fixtures", "crimea-letters-cp1252.txt")

TEXT = """\
Letters Home from the Crimea: A Sergeant’s Correspondence, 1854–1855

Between September 1854 and the fall of Sevastopol a year later,
Sergeant Thomas Haldane of the 93rd Highlanders wrote forty-three
letters to his wife in Inverness. The letters survive in a private
collection and have never been published in full. They offer an
unusually detailed view of the war from the ranks—written by a man who
was literate, observant and, for a soldier of his time, remarkably
frank about the failures of his superiors. This paper describes the
collection and discusses what it adds to our knowledge of the
campaign.

The Collection

The letters are written on whatever paper Haldane could find:
regimental forms, the blank pages of a prayer book, and in one case
the back of a French proclamation picked up after the battle of the
Alma. Most are short, a single folded sheet, but several run to six or
eight pages. Haldane numbered them so that his wife would know if one
had been lost, and the numbering shows that only two are missing. He
often asked her to keep them, “for I mean to read them over when I am
an old man by the fire.”

The Winter of 1854

The most valuable letters describe the winter on the heights above
Balaklava. Haldane records the loss of the tents in the great storm of
14 November, the lack of fuel, and the slow collapse of the supply
system. “We have had no fresh meat these nine days,” he wrote in
December, “and the coffee comes to us green, so that we must roast it
ourselves in our mess tins, and there is no wood to roast it with.” He
counted the men of his company who died of cholera and
dysentery—eleven by January—and noted bitterly that the newspapers at
home seemed to know more about the army’s condition than its own
generals did.

Money is a constant theme. Haldane sent home most of his pay, about £1
a month, and the letters discuss in detail how his wife should spend
it. They also record the prices charged by the sutlers at Balaklava,
who sold cheese, tobacco and brandy to the soldiers at rates Haldane
thought scandalous. A café opened by a French trader near the harbour
is described with approval, for its coffee was cheap and hot.

Conclusion

Haldane’s letters confirm much that is known from the reports of
William Howard Russell and from the official inquiries, but they add
the voice of a man who lived through the winter without the comforts
of an officer or the detachment of a correspondent. They deserve a
full edition.

Bibliography

Primary sources

Haldane, Thomas. Letters to Margaret Haldane, 1854–1855. 43 letters.
Private collection, Inverness.

Russell, William Howard. The War: From the Landing at Gallipoli to the
Death of Lord Raglan. London: Routledge, 1855.

Secondary sources

Figes, Orlando. Crimea: The Last Crusade. London: Allen Lane, 2010.

Small, Hugh. The Crimean War: Queen Victoria’s War with the Russian
Tsars. Stroud: Tempus, 2007.
"""


def main():
    data = TEXT.encode("cp1252")
    # The point of the fixture: bytes that are not valid UTF-8.
    for b in (0x93, 0x94, 0x92, 0x96, 0x97):
        assert bytes([b]) in data, hex(b)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        sys.exit("the text unexpectedly encodes to valid UTF-8")
    with open(OUT, "wb") as f:
        f.write(data)
    print("wrote %s (%d bytes)" % (OUT, len(data)))


if __name__ == "__main__":
    main()
