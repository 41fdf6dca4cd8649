/*
 * primary.h — primary sources in reference strings (prim_): archival
 * documents, letters and interviews, which humanities notes and
 * bibliographies cite in forms that a labeller trained on published works
 * reads wrong:
 *
 *   Archivio di Stato di Venezia (ASV), Senato, Secreta, reg. 12, fol. 45r.
 *   ASV, Collegio, Relazioni, b. 31, fasc. 2.
 *   The National Archives, Kew, FO 371/12345.
 *   Jefferson to John Adams, 28 October 1813, in The Adams-Jefferson
 *       Letters, ed. Lester J. Cappon (Chapel Hill: UNC Press, 1959), 387–92.
 *   Letter from Mary Shelley to Leigh Hunt, 9 February 1823, Bodleian
 *       Library, MS Abinger c. 45, fol. 12.
 *   Andrew Macmillan, interview by Kathryn Berman, 12 June 2003.
 *   Aristotle, Politics 1253a7–18.   Hom. Il. 2.484–93.
 *
 * Rules over the entry's comma-separated parts, run after the labeller's
 * fields (fields.c): where a form is recognised it decides, and the
 * labeller's fields are kept only for the part they fit (the collection a
 * letter was printed in).  Part of the core library: no I/O.
 */
#ifndef QUIRE_PRIMARY_H
#define QUIRE_PRIMARY_H

#include "refs.h"

/* Does s give a place in an archive: a folio, register, busta, filza,
 * fascicolo, carton, dossier, fonds or Bestand, a box, folder, MS or RG
 * with its number ("Box 4", "MS 123"; not "P.O. Box 575"), or a piece
 * reference of a record series ("FO 371/12345", "PRO 30/22/1")? */
int prim_shelfmark(const char *s);

/* Is c an archival document cited by its repository: an archive or library
 * named where the labeller put an author, the title or (with a folio or
 * register) the container, or an archive's abbreviation opening the entry ("ASV, Collegio, …"), with a folio,
 * register, box or shelfmark in the entry? */
int prim_archive_named(const ref_citation *c);

/* A manuscript's archive, the archive's place and where in it the document
 * is (c->type is "manuscript"; see primary.c). */
void prim_archive_fields(ref_citation *c, quire_arena *a);

/* A document cited with its repository last ("“Letter …,” 1803. MS. Eng.
 * lett. c. 917. Bodleian Library, Oxford."): c becomes that manuscript,
 * its archive fields set; 1 when so (see primary.c). */
int prim_archive_last(ref_citation *c, quire_arena *a);

/* A letter ("A to B, date", "Letter from A to B, date"), an interview
 * ("Interview with A", "A, interview by B") or a classical text by its
 * canonical place ("Aristotle, Politics 1253a7–18": type classic, the
 * place in c->locator) in c->raw: when there is one, c becomes it — type
 * personal_communication or interview, the writer or the one interviewed
 * as author, recipients or interviewers, the date —
 * keeping from the labeller's fields (c as ref_fields made it) only those
 * of the collection the letter was printed in ("…, in Letters, ed. …"),
 * and the archive it lies in as archive fields.  Returns 1 when c was
 * rewritten, 0 when c->raw is neither. */
int prim_personal(ref_citation *c, quire_arena *a);

/* Archives abbreviated in one paper's references: an archive written
 * "Archivio di Stato di Venezia (ASV)" once defines ASV, and every
 * citation of c[0..n) whose archive is "ASV" gets the full name (the
 * defining one loses the bracket).  Citations are changed in place; the
 * names are copied into a. */
void prim_expand_archives(ref_citation *const *c, size_t n, quire_arena *a);

#endif
