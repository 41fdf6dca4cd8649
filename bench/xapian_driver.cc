/*
 * xapian_driver.cc — Xapian's half of the search benchmark (bench/search.sh),
 * compiled by the script against Debian's libxapian-dev:
 *
 *   xapian_driver build DUMP DIR
 *   xapian_driver query DIR QUERIES [CLIENTS [ROUNDS]]
 *
 * build: one document per line of the corpus dump (tools/make_big_library
 * --dump): the title indexed with a within-document frequency of 10 per
 * occurrence and the authors with 5 (Xapian's way of weighting a field,
 * like the bm25() weights of the FTS5 table), the body with 1, all with
 * positions (phrases) and the English Snowball stemmer (STEM_SOME, the
 * default of omindex); the year and the word count as sortable values 0
 * and 1, tags and format as boolean terms XT… and XF…; the title and text
 * as the document's data, for snippets.  Timed to the last commit.
 *
 * query: as bench_search does for quire and FTS5 — each client a thread
 * with its own Database, one untimed round, then ROUNDS timed ones, each
 * client starting at a different place of the list.  A query is parsed by
 * QueryParser (words all required: default_op AND; "phrases"; prefix*
 * wildcards), filtered (OP_FILTER with value ranges and boolean terms),
 * the top 20 taken with BM25 (Xapian's default weight) and a snippet cut
 * for each by MSet::snippet (200 bytes, flags 0: the first good passage,
 * not an exhaustive search, Xapian's fast path).  XAPIAN_SNIPPETS=0 in the
 * environment leaves the snippets out (the line is then named
 * "xapian-nosnippet"): they are most of Xapian's time, since it reads
 * each hit's stored text.  Output lines as bench_search's.
 */
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct BQuery {
	std::string kind, text, tag, format;
	int year_min = 0, year_max = 0;
	long min_words = 0, max_words = 0;
};

struct Sample {
	double ms;
	size_t q;
};

double now_ms()
{
	using namespace std::chrono;
	return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

std::vector<std::string> split(const std::string &s, size_t max_fields)
{
	std::vector<std::string> v;
	size_t start = 0;
	while (v.size() + 1 < max_fields) {
		size_t tab = s.find('\t', start);
		if (tab == std::string::npos)
			break;
		v.push_back(s.substr(start, tab - start));
		start = tab + 1;
	}
	v.push_back(s.substr(start));
	return v;
}

int build(const char *dump, const char *dir)
{
	std::ifstream in(dump);
	if (!in) {
		std::cerr << "xapian_driver: " << dump << ": cannot read\n";
		return 1;
	}
	double t0 = now_ms();
	Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
	Xapian::TermGenerator tg;
	tg.set_stemmer(Xapian::Stem("english"));
	tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
	std::string line;
	size_t rows = 0;
	while (std::getline(in, line)) {
		std::vector<std::string> f = split(line, 9);
		if (f.size() < 9)
			continue;
		Xapian::Document doc;
		tg.set_document(doc);
		tg.index_text(f[1], 10);
		tg.increase_termpos();
		tg.index_text(f[2], 5);
		tg.increase_termpos();
		tg.index_text(f[8]);
		doc.add_value(0, Xapian::sortable_serialise(std::atof(f[3].c_str())));
		doc.add_value(1, Xapian::sortable_serialise(std::atof(f[6].c_str())));
		doc.add_boolean_term("XF" + f[4]);
		std::stringstream tags(f[5]);
		std::string t;
		while (std::getline(tags, t, ','))
			if (!t.empty())
				doc.add_boolean_term("XT" + t);
		doc.set_data(f[1] + "\n" + f[8]);
		db.add_document(doc);
		rows++;
	}
	db.commit();
	db.close();
	double t1 = now_ms();
	std::printf("xapian build: %zu papers in %.1f s\n", rows, (t1 - t0) / 1e3);
	return 0;
}

std::vector<BQuery> read_queries(const char *path)
{
	std::ifstream in(path);
	std::vector<BQuery> v;
	std::string line;
	while (std::getline(in, line)) {
		std::vector<std::string> f = split(line, 8);
		if (f.size() < 8)
			continue;
		BQuery q;
		q.kind = f[0];
		q.text = f[1];
		q.year_min = std::atoi(f[2].c_str());
		q.year_max = std::atoi(f[3].c_str());
		q.tag = f[4];
		q.format = f[5];
		q.min_words = std::atol(f[6].c_str());
		q.max_words = std::atol(f[7].c_str());
		v.push_back(q);
	}
	return v;
}

/* A value range filter on slot, or none when both bounds are 0. */
void range(std::vector<Xapian::Query> &filters, unsigned slot, double lo, double hi)
{
	if (lo && hi)
		filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, slot,
				     Xapian::sortable_serialise(lo), Xapian::sortable_serialise(hi));
	else if (lo)
		filters.emplace_back(Xapian::Query::OP_VALUE_GE, slot, Xapian::sortable_serialise(lo));
	else if (hi)
		filters.emplace_back(Xapian::Query::OP_VALUE_LE, slot, Xapian::sortable_serialise(hi));
}

struct Client {
	const char *dir;
	const std::vector<BQuery> *qs;
	size_t rounds, start;
	std::vector<Sample> v;
	unsigned long long hits = 0;
	bool failed = false;

	void run()
	{
		try {
			Xapian::Database db(dir);
			Xapian::Enquire enq(db);
			Xapian::Stem stem("english");
			Xapian::QueryParser qp;
			qp.set_stemmer(stem);
			qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
			qp.set_default_op(Xapian::Query::OP_AND);
			qp.set_database(db);
			unsigned flags = Xapian::QueryParser::FLAG_PHRASE |
					 Xapian::QueryParser::FLAG_WILDCARD |
					 Xapian::QueryParser::FLAG_LOVEHATE;
			size_t nq = qs->size();
			const char *sn = std::getenv("XAPIAN_SNIPPETS");
			bool snippets = !sn || std::strcmp(sn, "0") != 0;
			for (size_t r = 0; r <= rounds; r++) {
				for (size_t k = 0; k < nq; k++) {
					size_t qi = (start + k) % nq;
					const BQuery &b = (*qs)[qi];
					double t0 = now_ms();
					Xapian::Query q = qp.parse_query(b.text, flags);
					std::vector<Xapian::Query> filters;
					range(filters, 0, b.year_min, b.year_max);
					range(filters, 1, (double)b.min_words, (double)b.max_words);
					if (!b.tag.empty())
						filters.emplace_back("XT" + b.tag);
					if (!b.format.empty())
						filters.emplace_back("XF" + b.format);
					if (!filters.empty())
						q = Xapian::Query(Xapian::Query::OP_FILTER, q,
								  Xapian::Query(Xapian::Query::OP_AND,
										filters.begin(), filters.end()));
					enq.set_query(q);
					Xapian::MSet m = enq.get_mset(0, 20);
					size_t est = m.get_matches_estimated();
					for (Xapian::MSetIterator it = m.begin(); snippets && it != m.end(); ++it) {
						std::string data = it.get_document().get_data();
						std::string snip = m.snippet(data, 200, stem,
							0, "\x01", "\x02", "\xE2\x80\xA6");
						(void)snip;
					}
					double t1 = now_ms();
					if (r > 0) {
						v.push_back({t1 - t0, qi});
						hits += est;
					}
				}
			}
		} catch (const Xapian::Error &e) {
			std::cerr << "xapian_driver: " << e.get_description() << "\n";
			failed = true;
		}
	}
};

double pct(const std::vector<Sample> &v, double p)
{
	if (v.empty())
		return 0;
	return v[(size_t)(p * (double)(v.size() - 1) + 0.5)].ms;
}

int query(const char *dir, const char *qpath, size_t clients, size_t rounds)
{
	std::vector<BQuery> qs = read_queries(qpath);
	if (qs.empty() || clients < 1 || rounds < 1) {
		std::cerr << "xapian_driver: no queries\n";
		return 2;
	}
	std::vector<Client> cs(clients);
	std::vector<std::thread> th;
	for (size_t i = 0; i < clients; i++) {
		cs[i].dir = dir;
		cs[i].qs = &qs;
		cs[i].rounds = rounds;
		cs[i].start = i * qs.size() / clients;
	}
	for (size_t i = 0; i < clients; i++)
		th.emplace_back(&Client::run, &cs[i]);
	for (auto &t : th)
		t.join();
	std::vector<Sample> all;
	unsigned long long hits = 0;
	bool failed = false;
	for (auto &c : cs) {
		all.insert(all.end(), c.v.begin(), c.v.end());
		hits += c.hits;
		failed = failed || c.failed;
	}
	std::sort(all.begin(), all.end(), [](const Sample &a, const Sample &b) { return a.ms < b.ms; });
	double sum = 0;
	for (auto &s : all)
		sum += s.ms;
	size_t n = all.size();
	const char *sn = std::getenv("XAPIAN_SNIPPETS");
	std::printf("%s clients=%zu n=%zu mean=%.2f p50=%.2f p90=%.2f p99=%.2f max=%.2f ms"
		    " hits/query=%.0f\n", sn && std::strcmp(sn, "0") == 0 ? "xapian-nosnippet" : "xapian", clients, n, n ? sum / (double)n : 0, pct(all, 0.5),
		    pct(all, 0.9), pct(all, 0.99), n ? all.back().ms : 0,
		    n ? (double)hits / (double)n : 0);
	std::vector<std::string> kinds;
	for (auto &q : qs)
		if (std::find(kinds.begin(), kinds.end(), q.kind) == kinds.end())
			kinds.push_back(q.kind);
	for (auto &k : kinds) {
		std::vector<Sample> ks;
		for (auto &s : all)
			if (qs[s.q].kind == k)
				ks.push_back(s);
		std::printf("  %-8s n=%-4zu p50=%7.2f p99=%7.2f max=%7.2f ms\n", k.c_str(), ks.size(),
			    pct(ks, 0.5), pct(ks, 0.99), ks.empty() ? 0 : ks.back().ms);
	}
	std::printf("  slowest:");
	for (size_t i = 0; i < 5 && i < n; i++)
		std::printf(" [%s %.1f ms] %s%s", qs[all[n - 1 - i].q].kind.c_str(), all[n - 1 - i].ms,
			    qs[all[n - 1 - i].q].text.c_str(), i + 1 < 5 ? ";" : "");
	std::printf("\n");
	return failed ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
	if (argc == 4 && std::string(argv[1]) == "build")
		return build(argv[2], argv[3]);
	if (argc >= 4 && std::string(argv[1]) == "query")
		return query(argv[2], argv[3], argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 1,
			     argc > 5 ? std::strtoul(argv[5], nullptr, 10) : 2);
	std::cerr << "usage: xapian_driver build DUMP DIR\n"
		     "       xapian_driver query DIR QUERIES [CLIENTS [ROUNDS]]\n";
	return 2;
}
