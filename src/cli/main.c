/*
 * main.c — quire's command line: global options and the command table.
 *
 * Every command is declared ONCE, in the table below, with its name, a
 * one-line summary, its usage text and its handler (as Fossil and Redis
 * declare theirs).  `quire help`, `quire --help` and `quire CMD --help` are
 * all generated from the table, so help and dispatch cannot disagree; the
 * man page (docs/quire.1) repeats the same texts and the CLI tests check
 * that every command answers --help.
 *
 * Global options are taken out of argv before dispatch: --library PATH
 * (or --library=PATH) may stand before or after the command name, and
 * --help/-h anywhere before "--" asks for the command's help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_check.h"
#include "cmd_csl.h"
#include "cmd_refs.h"
#include "cmd_search.h"

#define EXIT_CODES                                                             \
	"Exit status:\n"                                                       \
	"  0  success\n"                                                       \
	"  1  usage error (unknown command or option, missing argument)\n"     \
	"  2  bad input: some file could not be read or analysed\n"            \
	"  3  library error: missing, unreadable, read-only or corrupt library\n" \
	"  4  not found: no paper with that id\n"

#define LIBRARY_OPT                                                            \
	"  --library PATH     the library to use (before or after the command;\n" \
	"                     default $QUIRE_LIBRARY, else\n"                  \
	"                     $XDG_DATA_HOME/quire/library.quire, else\n"      \
	"                     ~/.local/share/quire/library.quire)\n"

static int cmd_help(cli_ctx *ctx, int argc, char **argv);

static const cli_cmd commands[] = {
	{"init", "create a new, empty library",
	 "Usage: quire init [--library PATH]\n"
	 "\n"
	 "Creates a new library (and its directory).  Fails, with exit status 3,\n"
	 "when a library is already there.\n"
	 "\n"
	 "Options:\n" LIBRARY_OPT,
	 cmd_init},
	{"add", "read, analyse and store papers",
	 "Usage: quire add [options] FILE...\n"
	 "\n"
	 "Reads each FILE (its format is sniffed from its bytes), analyses it and\n"
	 "stores it.  Prints one line per paper: ID, title, words, pages.  A file\n"
	 "already in the library (same bytes) is reported with its id and is not\n"
	 "an error.  Errors are reported per file and the other files are still\n"
	 "added; a summary follows when more than one file was given.  A progress\n"
	 "bar is shown on stderr when it is a terminal.\n"
	 "\n"
	 "Options:\n"
	 "  -r, --recursive    walk directories (names sorted; hidden entries are\n"
	 "                     left out); files in a format quire does not read\n"
	 "                     are skipped with a note\n"
	 "  --visibility V     public, members (the default) or private: who may\n"
	 "                     open the full text (the preview is public)\n"
	 "  --tag TAG          add a tag (repeatable)\n"
	 "  --tag-from-folder  tag each file with its folder's path below the\n"
	 "                     walked directory\n"
	 "  --max-size MB      refuse files larger than MB megabytes (default 256)\n"
	 "  --json             one JSON object per file: file, id, title, words,\n"
	 "                     pages, status (added, duplicate, skipped, error),\n"
	 "                     error\n"
	 "  -q, --quiet        print only errors\n" LIBRARY_OPT
	 "\n"
	 "Exit status 2 when any file failed.\n",
	 cmd_add},
	{"analyze", "analyse files without storing them",
	 "Usage: quire analyze [--json] [--max-size MB] FILE...\n"
	 "\n"
	 "Reads and analyses each FILE as `quire add` would and prints what was\n"
	 "found, in the layout of `quire show`; nothing is stored and no library\n"
	 "is needed.\n"
	 "\n"
	 "Options:\n"
	 "  --json             one JSON object per line and file: \"file\" and the\n"
	 "                     analysis (title, authors, counts, outline,\n"
	 "                     references, preview, text, ...)\n"
	 "  --max-size MB      refuse files larger than MB megabytes (default 256)\n",
	 cmd_analyze},
	{"reanalyze", "analyse stored papers again from their original files",
	 "Usage: quire reanalyze [--json] (ID... | --all)\n"
	 "\n"
	 "Reads the stored original file of each paper again and replaces its\n"
	 "analysis.  Edits made with `quire edit` stay.\n"
	 "\n"
	 "Options:\n"
	 "  --all              every paper in the library\n"
	 "  --json             one JSON object per paper\n" LIBRARY_OPT,
	 cmd_reanalyze},
	{"list", "list the papers of the library",
	 "Usage: quire list [--sort added|title|words] [--reverse] [--json]\n"
	 "\n"
	 "Prints a table: ID, title (cut to the terminal's width), words, pages,\n"
	 "visibility and the date added.\n"
	 "\n"
	 "Options:\n"
	 "  --sort KEY         added (the default), title or words\n"
	 "  --reverse          the other way round\n"
	 "  --json             a JSON array of objects: id, title, authors, year,\n"
	 "                     words, pages, visibility, tags, added, filename,\n"
	 "                     format\n" LIBRARY_OPT,
	 cmd_list},
	{"show", "show a paper: title, counts, outline, preview",
	 "Usage: quire show [--json] ID\n"
	 "\n"
	 "Prints the paper's title, authors, the stats line (\"3,128 Words \xC2\xB7 7\n"
	 "Pages\"), how it was read, tags, visibility, outline, the number of\n"
	 "references and the preview (opening, \"\xE2\x80\xA6 middle of paper \xE2\x80\xA6\", close).\n"
	 "\n"
	 "Options:\n"
	 "  --json             the record and the analysis, without the text\n"
	 LIBRARY_OPT,
	 cmd_show},
	{"preview", "print a paper's preview",
	 "Usage: quire preview [--head-words N] [--tail-words N] [--json] ID\n"
	 "\n"
	 "Prints the opening of the paper, the marker line and its close.\n"
	 "\n"
	 "Options:\n"
	 "  --head-words N     words in the opening (default 250)\n"
	 "  --tail-words N     words in the close (default 120)\n"
	 "  --json             {head, marker, tail, head_words, tail_words,\n"
	 "                     omitted_words}\n" LIBRARY_OPT,
	 cmd_preview},
	{"text", "print a paper's full normalised text",
	 "Usage: quire text ID\n"
	 "\n"
	 "Prints the normalised text of the paper: its blocks separated by blank\n"
	 "lines.\n"
	 "\n"
	 "Options:\n" LIBRARY_OPT,
	 cmd_text},
	{"refs", "print a paper's references, parsed and exported",
	 "Usage: quire refs [--format FMT] [--model FILE] (ID | --all)\n"
	 "       quire refs --style NAME|FILE.csl [--locale L] [--html] (ID | --all)\n"
	 "\n"
	 "Prints the bibliography entries and notes found in the paper (or in\n"
	 "every paper with --all), parsed into fields by quire's reference model.\n"
	 "Without --format, each entry comes on one line after the type the\n"
	 "parser gave it: \"[article-journal] Chen, Jian. ...\" (with --all after\n"
	 "\"ID<TAB>\").  A note is split into its citations (\"See ...; cf. ...\"),\n"
	 "listed under it when there are several or one points back: ibid., op.\n"
	 "cit., ders. and short notes show the citation they resolve to\n"
	 "(\"= 1.2\": entry 1's second citation) and the page cited.\n"
	 "\n"
	 "Options:\n"
	 "  --format FMT       text: the bare entries, one per line (with --all,\n"
	 "                     \"ID<TAB>entry\"); json: an array of {text,\n"
	 "                     section, note, type, fields} (fields: the CSL-JSON\n"
	 "                     item), a note's also with citations: [{text, back,\n"
	 "                     short, pinpoint, target, type, fields}] and\n"
	 "                     commentary; csl: a CSL-JSON array (ids ID-1, ID-2\n"
	 "                     ..., ID-N.M for citation M of note N), each work\n"
	 "                     once (no ibid., op. cit. or short note);\n"
	 "                     bibtex: BibTeX entries with stable keys; ris: RIS\n"
	 "  --json             the same as --format json\n"
	 "  --all              every paper of the library\n"
	 "  --model FILE       a reference model file instead of the built-in one\n"
	 "  --style S          print the references formatted in a CSL style (a\n"
	 "                     name from quire styles or a .csl file): its\n"
	 "                     bibliography, or one note per reference\n"
	 "  --locale L         the style's language (default: the style's, else\n"
	 "                     en-US)\n"
	 "  --html             with --style: HTML instead of text\n"
	 LIBRARY_OPT,
	 cmd_refs},
	{"cite", "parse reference strings into fields",
	 "Usage: quire cite [--format FMT] [--model FILE] (STRING... | -)\n"
	 "       quire cite --format tokens --context K [--model FILE] (STRING... | -)\n"
	 "       quire cite --style NAME|FILE.csl [--locale L] [--html] (STRING... | -)\n"
	 "\n"
	 "Parses each STRING as one reference (with -, each line of the standard\n"
	 "input, in order) and prints it in FMT.  No library is needed.  Letters,\n"
	 "interviews, archival documents and classical texts are typed as such\n"
	 "(personal_communication with a recipient, interview, manuscript with\n"
	 "its archive, classic with its locator).  Organisations opening an entry\n"
	 "are its author; \"[1905] 1954\" gives an original-date; Chinese GB/T 7714\n"
	 "codes ([M], [J] ...), titles in brackets (《》 『』 「」), CJK names,\n"
	 "Brazilian ABNT and Russian GOST entries are read, \"Torino, Einaudi,\n"
	 "1976\" is a place and a publisher, \"(= Hansische Studien, Bd. 4)\" a\n"
	 "series and its number, \"BLOCH (Marc)\" and \"LE ROY LADURIE Emmanuel\"\n"
	 "family and given names; German „…“ and »…« quotations, journals \"in\n"
	 "«Archivio Veneto»\", editions in superscript (\"1966²\", \"³1970\"), names\n"
	 "parted by \"/\" or introduced by \"ed. por\" or \"sous la direction de\",\n"
	 "and Vancouver's \"[cited 2021 Mar 3]\" are read; so are the forms of the\n"
	 "common citation styles (Chicago, MLA, APA, MHRA, Harvard, Vancouver,\n"
	 "IEEE, DIN 1505, ISO 690): series before or after the imprint, DIN's\n"
	 "\"Family, Given:\", APA's \"(pp. 233-259). Publisher.\", Vancouver's\n"
	 "\"Johanson WG Jr\", IEEE's \"A. B. Smith, Ed.,\", ISO 690's families in\n"
	 "capitals (\"FERNÁNDEZ OLMEDO, Ana\", \"Pieter DE WIT\") and \"[online]\",\n"
	 "a report's number (\"Report No.: 17\", \"(No. 17; Series)\", \"Series\n"
	 "( Nr. 17)\").  csl, ris and json are written as the lines come,\n"
	 "any number of them; bibtex and --style read all first.\n"
	 "A line longer than 32 kB is not labelled: it stays a document with its\n"
	 "text (tokens: its words labelled other), and a message says so.\n"
	 "\n"
	 "Options:\n"
	 "  --format FMT       csl (the default): a CSL-JSON array; bibtex; ris;\n"
	 "                     json: an array of {text, type, fields}; tokens: one\n"
	 "                     JSON object per input line, {\"tokens\": [{\"text\":\n"
	 "                     WORD, \"label\": LABEL}, ...]}, WORD being the line's\n"
	 "                     white-space separated words in order and LABEL one of\n"
	 "                     author, editor, translator, title, container-title,\n"
	 "                     collection-title, edition, volume, issue, pages,\n"
	 "                     publisher, place, date, accessed, url, doi, isbn,\n"
	 "                     genre, note, other (the fields' labels: names\n"
	 "                     before a role such as \"(eds.)\" are editors)\n"
	 "  --model FILE       a reference model file instead of the built-in one\n"
	 "  --context K        with --format tokens: the lines are consecutive lines\n"
	 "                     of one text (a footnote or a bibliography as printed,\n"
	 "                     OCR's lines), so each is labelled together with the\n"
	 "                     K lines before and the K after it (0 to 7) and a\n"
	 "                     field may run on over a line break; one object a\n"
	 "                     line as before.  Models trained on such lines\n"
	 "                     (refs_train --chain) read the breaks themselves\n"
	 "  --style S          print the parsed references formatted in a CSL\n"
	 "                     style (see quire refs); --locale L, --html as there\n",
	 cmd_cite},
	{"styles", "list the installed citation styles",
	 "Usage: quire styles [--json] [--all]\n"
	 "\n"
	 "Lists the CSL citation styles quire can use: name and title, sorted by\n"
	 "name.  Styles are looked for in $QUIRE_CSL_STYLES (folders separated by\n"
	 "':'), $XDG_DATA_HOME/quire/styles (else ~/.local/share/quire/styles),\n"
	 "~/Zotero/styles and /usr/share/citation-style-language/styles (Debian's\n"
	 "citation-style-language-styles), each with its dependent/ folder; a\n"
	 "name found in an earlier folder hides the later ones.\n"
	 "\n"
	 "Options:\n"
	 "  --json             a JSON array of {name, title, id, path, dependent}\n"
	 "  --all              dependent styles too (a journal's name for its\n"
	 "                     parent's rules)\n",
	 cmd_styles},
	{"format", "format CSL-JSON items in a citation style",
	 "Usage: quire format --style NAME|FILE.csl [--mode bibliography|citation]\n"
	 "                    [--clusters FILE] [--locale L] [--html] [--json]\n"
	 "                    < ITEMS.json\n"
	 "\n"
	 "Reads CSL-JSON items (an array) on standard input and prints them in the\n"
	 "style: the bibliography (one entry a line), or with --mode citation one\n"
	 "citation holding every item in order.  No library is needed.\n"
	 "\n"
	 "Options:\n"
	 "  --style S          a style name (see quire styles), a style's URI or\n"
	 "                     a .csl file; a dependent style uses its parent\n"
	 "  --mode M           bibliography (the default) or citation\n"
	 "  --clusters FILE    a JSON array of citations, each an array of cite\n"
	 "                     objects ({\"id\", \"locator\", \"label\", \"prefix\",\n"
	 "                     \"suffix\", \"suppress-author\", \"author-only\"}) or\n"
	 "                     {\"citationItems\": [...], \"properties\":\n"
	 "                     {\"noteIndex\": N}}; with --mode citation one line\n"
	 "                     per citation; with bibliography the cited items\n"
	 "  --locale L         the language (en-US, de-DE, fr ...; default: the\n"
	 "                     style's, else en-US); locales are read from\n"
	 "                     $QUIRE_CSL_LOCALES, $XDG_DATA_HOME/quire/locales\n"
	 "                     and /usr/share/citation-style-language/locales\n"
	 "  --html             HTML as citeproc-js writes it (<i>, <b>, the\n"
	 "                     csl-bib-body and csl-entry divs) instead of text\n"
	 "  --json             a JSON array instead: {\"id\", \"text\"} per\n"
	 "                     bibliography entry, or {\"text\"} per citation\n"
	 "\n"
	 "Exit status 2 when the style, a locale or the items cannot be read.\n",
	 cmd_format},
	{"export", "export a paper as JSON, or the whole library to a directory",
	 "Usage: quire export [--json] ID\n"
	 "       quire export --all DIR\n"
	 "\n"
	 "With ID: prints one JSON object with everything quire knows of the\n"
	 "paper: the record (id, filename, sha256, added, visibility, tags, owner,\n"
	 "edits) and the analysis, text included.\n"
	 "\n"
	 "With --all DIR: writes the whole library to the new or empty directory\n"
	 "DIR: DIR/library.json (format, version, settings, paper ids),\n"
	 "DIR/papers/ID.json (as above) and DIR/files/ID-NAME (the original\n"
	 "files).  `quire import DIR` reads it back without loss.\n"
	 "\n"
	 "Options:\n"
	 "  --json             (the default and only output of a single export)\n"
	 "  --all DIR          export everything into DIR\n" LIBRARY_OPT,
	 cmd_export},
	{"edit", "correct a paper's title, authors, year, visibility or tags",
	 "Usage: quire edit [options] ID\n"
	 "\n"
	 "Edited fields stay edited when the paper is analysed again.\n"
	 "\n"
	 "Options:\n"
	 "  --title T          set the title\n"
	 "  --author A         set the authors (repeat for several)\n"
	 "  --year Y           set the year\n"
	 "  --visibility V     public, members or private\n"
	 "  --tag T            add a tag (repeatable)\n"
	 "  --clear-tags       remove all tags first\n"
	 "  --owner NAME       the user who owns the paper (\"\" for none): owners\n"
	 "                     open their private papers and edit them on the web\n" LIBRARY_OPT,
	 cmd_edit},
	{"rm", "remove a paper",
	 "Usage: quire rm ID...\n"
	 "\n"
	 "Removes each paper, its original file and its analysis.\n"
	 "\n"
	 "Options:\n" LIBRARY_OPT,
	 cmd_rm},
	{"backup", "copy the live library to a file",
	 "Usage: quire backup FILE\n"
	 "\n"
	 "Writes a consistent copy of the library to FILE (which must not exist),\n"
	 "even while other commands use it.  The copy is a library:\n"
	 "`quire --library FILE list` opens it.\n"
	 "\n"
	 "Options:\n" LIBRARY_OPT,
	 cmd_backup},
	{"import", "import a directory written by export --all",
	 "Usage: quire import DIR\n"
	 "\n"
	 "Adds every paper of DIR (written by `quire export --all`) to the library,\n"
	 "which must exist (run quire init first for a new one), keeping ids,\n"
	 "dates, visibility, tags, owners and edits; the library's settings are\n"
	 "taken from the export.  Everything is checked first (JSON, the files'\n"
	 "SHA-256, no id or file already in the library); if any paper fails,\n"
	 "nothing is imported.\n"
	 "\n"
	 "Options:\n" LIBRARY_OPT,
	 cmd_import},
	{"check", "check the library's integrity, or texts for reused passages",
	 "Usage: quire check\n"
	 "       quire check [options] FILE...\n"
	 "\n"
	 "With no FILE: runs the library's integrity check (the database, the\n"
	 "search index and the fingerprint index) and prints \"library OK: N\n"
	 "papers\".\n"
	 "\n"
	 "With FILEs: checks each against every paper of the library for reused\n"
	 "passages, verbatim or lightly edited, and prints the share of the text\n"
	 "found elsewhere, the matching papers with their shares, and the\n"
	 "passages side by side, the words found in both in bold (between [[ and\n"
	 "]] when stdout is not a terminal).  FILE is read as `quire add` reads\n"
	 "it.  Quotations (in quotation marks or block quotes) and the\n"
	 "bibliography are left out by default: neither matched nor counted.\n"
	 "\n"
	 "Options:\n"
	 "  --json             one JSON object per FILE: file, format, title,\n"
	 "                     words, covered, share, unindexed and sources (id,\n"
	 "                     title, visibility, share, covered, passages:\n"
	 "                     offset, length, source_offset, source_length,\n"
	 "                     words, source_words).  Offsets and lengths count\n"
	 "                     characters (code points): of the file as given for\n"
	 "                     text and Markdown, else of its extracted text; the\n"
	 "                     same of the source paper's original file\n"
	 "  --include-quotes   count quotations too (--exclude-quotes: the default)\n"
	 "  --include-bibliography\n"
	 "                     count the bibliography too (--exclude-bibliography:\n"
	 "                     the default)\n"
	 "  --min-words N      ignore passages shorter than N words (default 8)\n"
	 "  --max-papers N     align at most N candidate papers (default 25)\n"
	 LIBRARY_OPT,
	 cmd_check_any},
	{"duplicates", "list pairs of papers that are near-duplicates",
	 "Usage: quire duplicates [--min-share P] [--json]\n"
	 "\n"
	 "Lists the pairs of papers of the library that share at least P of the\n"
	 "smaller paper's fingerprints, largest share first: share, the two ids\n"
	 "and titles.\n"
	 "\n"
	 "Options:\n"
	 "  --min-share P      a share from 0 to 1, or a percentage (default 0.8)\n"
	 "  --json             a JSON array of {id, title, other_id, other_title,\n"
	 "                     share, shared, fingerprints, other_fingerprints}\n"
	 LIBRARY_OPT,
	 cmd_duplicates},
	{"reindex", "rebuild the search and fingerprint indexes from the papers",
	 "Usage: quire reindex [--all]\n"
	 "\n"
	 "Rebuilds the search index from the stored papers (one transaction: the\n"
	 "old index serves until the new one is whole; bounded memory), indexes\n"
	 "the papers missing from the fingerprint index that `quire check FILE`\n"
	 "and `quire duplicates` use (papers indexed by another version of quire's\n"
	 "hashes count as missing), then checks the library.  A progress bar is\n"
	 "drawn when stderr is a terminal.  Both indexes change with the library\n"
	 "as papers are added and removed: this is the repair for an index that\n"
	 "`quire check` finds out of step, and the step an upgrade may ask for.\n"
	 "\n"
	 "Options:\n"
	 "  --all              fingerprint every paper again from an empty\n"
	 "                     fingerprint index (the repair for rows no paper\n"
	 "                     owns), not only the missing\n" LIBRARY_OPT,
	 cmd_reindex},
	{"config", "show or change the library's settings",
	 "Usage: quire config [--json] [KEY [VALUE]]\n"
	 "\n"
	 "With no KEY, lists the settings and their values; with KEY, prints its\n"
	 "value; with KEY VALUE, changes it.  Settings:\n"
	 "  words_per_page   words a page holds, for the page estimate of formats\n"
	 "                   without pages (500; 50 to 10000).  Papers already in\n"
	 "                   the library keep their counts until `quire reanalyze --all`.\n"
	 "\n"
	 "Options:\n"
	 "  --json             print the settings as one JSON object\n" LIBRARY_OPT,
	 cmd_config},
	{"serve", "serve the library on the web",
	 "Usage: quire serve [options]\n"
	 "\n"
	 "Serves the library over HTTP: the home page, search, paper pages,\n"
	 "accounts, /healthz, /robots.txt, /sitemap.xml and /feed.xml.  Runs in\n"
	 "the foreground until SIGTERM or SIGINT (Ctrl-C), then stops taking\n"
	 "connections, lets the requests in flight finish and exits 0.\n"
	 "\n"
	 "Options:\n"
	 "  --bind ADDR        the address to listen on (default 127.0.0.1)\n"
	 "  --port N           the port (default 8080; 0: one the system picks)\n"
	 "  --base-url URL     the site's public URL behind a reverse proxy,\n"
	 "                     e.g. https://example.org/library: its path is the\n"
	 "                     prefix of every route, https makes cookies Secure\n"
	 "  --access-log FILE  append one line per request (common log format\n"
	 "                     plus the time taken in microseconds); - for stderr\n"
	 "  --max-upload MB    the largest uploaded file (default 64)\n"
	 "  --threads N        worker threads (default: twice the CPU cores),\n"
	 "                     taking requests in arrival order from one queue\n"
	 "  --grace S          seconds to wait for requests in flight when\n"
	 "                     stopping (default 15; requests still queued then\n"
	 "                     are answered 503)\n"
	 "  --trust-proxy      behind a reverse proxy: take the client's address\n"
	 "                     (access log, sign-in limits) from the last entry\n"
	 "                     of X-Forwarded-For\n"
	 "  --no-cache         render every page anew (pages asked for without\n"
	 "                     a session are otherwise kept until the library\n"
	 "                     changes)\n" LIBRARY_OPT,
	 cmd_serve},
	{"search", "search the papers: ranked, with snippets",
	 "Usage: quire search [options] QUERY...\n"
	 "\n"
	 "Searches titles, authors, year, file name, format, previews, the full\n"
	 "texts and the references, and prints the best papers first: ID and\n"
	 "title, the stats line, and a snippet with the matched words in bold\n"
	 "(between [[ and ]] when stdout is not a terminal), from the paper's\n"
	 "body rather than its title line or references when it can.  Every\n"
	 "word must match; \"double quotes\" ask for an exact phrase; case and\n"
	 "accents do not matter, and English endings are folded (river finds\n"
	 "rivers).  Other punctuation is read as a space, never as an error.\n"
	 "Several QUERY arguments are joined by spaces; an empty QUERY (\"\")\n"
	 "lists every paper that passes the filters.  The command line searches\n"
	 "as the library's owner: every paper's full text takes part.  When\n"
	 "nothing matches, the words spelt as the library spells them (within\n"
	 "two edits, from the papers' titles, authors and previews) are offered\n"
	 "if they find a paper: \"Did you mean: international monetary\".\n"
	 "\n"
	 "Options:\n"
	 "  --limit N          papers to show, 1 to 100 (default 20)\n"
	 "  --offset N         skip the first N (for the next page)\n"
	 "  --sort KEY         relevance (the default), added, title or words\n"
	 "  --reverse          the other way round (not for relevance)\n"
	 "  --tag T            only papers tagged T\n"
	 "  --format F         only papers of format F (text, markdown, pdf, ...)\n"
	 "  --year-min Y       only papers of year Y or later\n"
	 "  --year-max Y       only papers of year Y or earlier\n"
	 "  --any              a question in plain words: any of the words may\n"
	 "                     match, the best first, and the words the best\n"
	 "                     answers use count too (not every word must match)\n"
	 "  --json             one object: total, offset and hits (id, title,\n"
	 "                     authors, year, format, words, pages, score,\n"
	 "                     can_open, snippet)\n" LIBRARY_OPT,
	 cmd_search},
	{"related", "papers like a given one",
	 "Usage: quire related [--limit N] [--json] ID\n"
	 "\n"
	 "Prints the papers most like paper ID (by the distinctive words of its\n"
	 "title and preview), best first, in the layout of `quire search`; the\n"
	 "paper itself is left out.\n"
	 "\n"
	 "Options:\n"
	 "  --limit N          papers to show, 1 to 100 (default 10)\n"
	 "  --json             as `quire search --json`\n" LIBRARY_OPT,
	 cmd_related},
	{"user", "manage the accounts of the web face",
	 "Usage: quire user add NAME [--role ROLE] [--password-stdin]\n"
	 "       quire user passwd NAME [--password-stdin]\n"
	 "       quire user rm NAME\n"
	 "       quire user list [--json]\n"
	 "       quire user role NAME ROLE\n"
	 "       quire user invite NAME [--role ROLE] [--base-url URL]\n"
	 "       quire user reset NAME [--base-url URL]\n"
	 "       quire user token NAME [--label L]\n"
	 "\n"
	 "Accounts sign in to `quire serve`.  Roles: reader (opens members'\n"
	 "papers), member (also uploads and edits their own papers), admin\n"
	 "(everything, and accounts); the default is reader.  A NAME is 1 to 64\n"
	 "letters, digits, '.', '_', '-' or '@', and ignores case.\n"
	 "\n"
	 "  add      add a user with a password: asked twice with no echo on a\n"
	 "           terminal, else the first line of standard input\n"
	 "  passwd   set a user's password (their sessions are signed out)\n"
	 "  rm       remove a user and their sessions and tokens (their papers\n"
	 "           stay); the last admin cannot be removed or demoted\n"
	 "  list     name, role, status (active, invited, disabled), created;\n"
	 "           --json: a JSON array of {name, role, status, created}\n"
	 "  role     set a user's role\n"
	 "  invite   add a user without a password and print a one-time link\n"
	 "           (valid 7 days) where they choose it\n"
	 "  reset    print a one-time password reset link (valid 24 hours)\n"
	 "  token    print a new API token (Authorization: Bearer TOKEN); it is\n"
	 "           shown once: the library keeps only its hash\n"
	 "\n"
	 "Options:\n"
	 "  --role ROLE        admin, member or reader (default reader)\n"
	 "  --password-stdin   read the password from standard input even on a\n"
	 "                     terminal\n"
	 "  --base-url URL     the site's public URL for links (default\n"
	 "                     $QUIRE_BASE_URL, else http://127.0.0.1:8080)\n"
	 "  --label L          a note on an API token (which program uses it)\n"
	 "  --json             list as JSON\n" LIBRARY_OPT,
	 cmd_user},
	{"help", "show help for quire or for one command",
	 "Usage: quire help [COMMAND]\n", cmd_help},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const cli_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_overview(FILE *f)
{
	fputs("quire " QUIRE_VERSION
	      " \xE2\x80\x94 a library of essays and research papers\n"
	      "\n"
	      "Usage: quire [--library PATH] COMMAND [options] [args]\n"
	      "\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\n"
	      "Global options:\n" LIBRARY_OPT
	      "  --help, -h         help (also `quire COMMAND --help`)\n"
	      "  --version          print the version\n"
	      "\n"
	      "Environment: QUIRE_LIBRARY, XDG_DATA_HOME, HOME (library path).\n"
	      "\n" EXIT_CODES
	      "\n"
	      "See quire(1) for more.\n",
	      f);
}

static int cmd_help(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc > 2)
		return cli_usage_error("help", "too many arguments");
	if (argc == 2) {
		const cli_cmd *c = find_command(argv[1]);
		if (!c)
			return cli_usage_error(NULL, "unknown command '%s'",
					       argv[1]);
		fputs(c->usage, stdout);
		return CLI_EXIT_OK;
	}
	print_overview(stdout);
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	cli_ctx ctx = {NULL, NULL};
	int want_help = 0, want_version = 0, n = 0, after_dashes = 0;
	char **args = calloc((size_t)argc + 1, sizeof *args);
	if (!args) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	/* Take the global options out, wherever they stand (before "--"). */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (after_dashes) {
			args[n++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			after_dashes = 1;
			args[n++] = argv[i];
		} else if (strcmp(a, "--library") == 0) {
			if (i + 1 >= argc) {
				free(args);
				return cli_usage_error(NULL,
					"--library needs a PATH");
			}
			ctx.library = argv[++i];
		} else if (strncmp(a, "--library=", 10) == 0) {
			ctx.library = a + 10;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			want_help = 1;
		} else if (strcmp(a, "--version") == 0 && n == 0) {
			want_version = 1;
		} else {
			args[n++] = argv[i];
		}
	}
	int rc;
	if (want_version && n == 0) {
		printf("quire %s\n", QUIRE_VERSION);
		rc = CLI_EXIT_OK;
	} else if (n == 0) {
		print_overview(want_help ? stdout : stderr);
		rc = want_help ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	} else if (args[0][0] == '-') {
		rc = cli_usage_error(NULL, "unknown option '%s'", args[0]);
	} else {
		const cli_cmd *c = find_command(args[0]);
		if (!c) {
			rc = cli_usage_error(NULL, "unknown command '%s'",
					     args[0]);
		} else if (want_help) {
			fputs(c->usage, stdout);
			rc = CLI_EXIT_OK;
		} else {
			ctx.cmd = c->name;
			rc = c->fn(&ctx, n, args);
		}
	}
	free(args);
	if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
		rc = CLI_EXIT_INPUT;
	return rc;
}
