-- search_wrk.lua — wrk script of bench/search.sh: GET /api/v1/search with
-- the benchmark's queries (bench/queries/search.tsv: kind, text, year_min,
-- year_max, tag, format, min_words, max_words), one after another, each
-- wrk thread starting at a different place of the list.
--
--   wrk -t2 -c64 -d20s --latency -s bench/search_wrk.lua URL -- QUERIES
--
-- The API has no filter on length in words, so min_words / max_words are
-- left out (those queries run with their words and other filters).

local queries = {}
local counter = 0
local threads = {}

local function enc(s)
	return (s:gsub("[^%w%-%._~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

local function load(path)
	local list = {}
	for line in io.lines(path) do
		local f = {}
		for field in (line .. "\t"):gmatch("([^\t]*)\t") do
			f[#f + 1] = field
		end
		if #f >= 8 then
			local u = "/api/v1/search?q=" .. enc(f[2])
			if f[3] ~= "0" and f[3] ~= "" then u = u .. "&year_min=" .. f[3] end
			if f[4] ~= "0" and f[4] ~= "" then u = u .. "&year_max=" .. f[4] end
			if f[5] ~= "" then u = u .. "&tag=" .. enc(f[5]) end
			if f[6] ~= "" then u = u .. "&format=" .. enc(f[6]) end
			list[#list + 1] = u
		end
	end
	return list
end

function setup(thread)
	thread:set("id", counter)
	counter = counter + 1
	table.insert(threads, thread)
end

function init(args)
	queries = load(args[1])
	pos = (id or 0) * 97 % #queries
end

function request()
	pos = pos % #queries + 1
	return wrk.format("GET", queries[pos])
end

function done(summary, latency, requests)
	io.write(string.format("wrk-summary: requests=%d errors=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
		summary.requests,
		summary.errors.connect + summary.errors.read + summary.errors.write +
		summary.errors.status + summary.errors.timeout,
		latency:percentile(50) / 1000, latency:percentile(90) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000))
end
