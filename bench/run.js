'use strict';
/**
 * `npm run bench`: what our nodes cost inside n8n, against n8n's HTTP Request node and the
 * bare HTTP round trip, on the same fake API (loopback only). See BENCHMARKS.md for the
 * results and how to read them; bench/cases.js for what is measured.
 *
 *   npm run bench                      full run (builds first), writes BENCHMARKS.md
 *   BENCH_QUICK=1 npm run bench        smoke run: few repetitions, 1 and 100 items timed
 *                                      (1,000 only in the memory probe), prints only
 *
 * Options (after `--`, or as environment variables):
 *   --quick        (BENCH_QUICK=1) the smoke run
 *   --reps N       (BENCH_REPS)    timed repetitions per case and item count (full 11, quick 3)
 *   --counts 1,100 (BENCH_COUNTS)  input item counts of the balance cases (full 1,100,1000)
 *   --case ID      (BENCH_CASE)    only this case (e.g. aaio-balance), for profiling
 *   --fake process|inprocess (BENCH_FAKE)  where the fake API runs (default: its own process)
 *   --write / --no-write           write BENCHMARKS.md (default: full runs write, quick runs not)
 *   --skip-probes                  no memory, module load and tarball measurements
 *
 * Medians over the repetitions; the ways of a case run interleaved, in a rotating order,
 * after warm-up runs, each run checked (item count, items, requests the fake saw) before its
 * time counts. Compare the ratios of one run, not absolute times across runs or machines.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PACKAGE_ROOT = path.resolve(__dirname, '..');
const CACHE_ROOT = path.join(PACKAGE_ROOT, '.cache', 'bench');
fs.mkdirSync(CACHE_ROOT, { recursive: true });
// n8n-core writes its instance settings into the user folder: one for the whole benchmark.
process.env.N8N_USER_FOLDER ??= path.join(CACHE_ROOT, 'n8n-user-folder');

const { BALANCE_CASES, LIST_CASES, LIST_SIZE, hasOperation } = require('./cases');
const { forkBenchFake, startBenchFake } = require('./fake-server');
const { median, option } = require('./cli');
const nodesBase = require('./n8n-nodes-base');

const flag = (name) => process.argv.includes(`--${name}`);

const QUICK = flag('quick') || ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
const SETTINGS = {
	quick: QUICK,
	reps: Number(option('reps', QUICK ? 3 : 11, 'BENCH_REPS')),
	warmups: QUICK ? 1 : 2,
	counts: option('counts', QUICK ? '1,100' : '1,100,1000', 'BENCH_COUNTS').split(',').map(Number),
	memoryCount: 1000,
	memoryVariants: QUICK ? ['ours', 'http'] : ['ours', 'http', 'minimum', 'floor'],
	loadReps: QUICK ? 2 : 7,
	only: option('case', '', 'BENCH_CASE'),
	fake: option('fake', 'process', 'BENCH_FAKE'),
	write: flag('write') || (!QUICK && !flag('no-write')),
	probes: !flag('skip-probes'),
};
for (const [name, value] of [['reps', SETTINGS.reps], ...SETTINGS.counts.map((count) => ['counts', count])]) {
	if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new Error(`Bad --${name}: ${value}`);
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;

const fixed = (value, digits) => (value === undefined ? 'n/a' : value.toFixed(digits));
const ms = (value) => fixed(value, value < 10 ? 2 : 1);
const ratio = (a, b) => (a === undefined || b === undefined ? undefined : a / b);
const rotate = (list, by) => list.map((_, index) => list[(index + by) % list.length]);

/** Runs `node bench/child.js …` and returns the JSON it reports. */
function child(args) {
	const result = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'child.js'), ...args], {
		cwd: PACKAGE_ROOT,
		env: process.env,
		encoding: 'utf8',
		timeout: 120_000,
	});
	const line = result.stdout?.split('\n').find((text) => text.startsWith('BENCH_RESULT '));
	if (result.status !== 0 || !line) {
		throw new Error(`bench/child.js ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
	}
	return JSON.parse(line.slice('BENCH_RESULT '.length));
}

/** Times each case's ways (runners.VARIANTS), interleaved; returns rows of medians. */
async function timeCases(fake, runners, cases) {
	const { VARIANTS, runnersFor, checkRun } = runners;
	const rows = [];
	for (const { benchCase, counts, isList } of cases) {
		const run = runnersFor(benchCase, fake.url);
		const request = benchCase.request(fake.url);
		const requestKey = `${request.method} ${new URL(request.url).pathname}`;
		for (const count of counts) {
			const expected = (variant) => (isList && variant !== 'floor' ? count * LIST_SIZE : count);
			const once = async (variant) => {
				await fake.resetStats();
				global.gc?.();
				const cpuStart = process.cpuUsage();
				const start = process.hrtime.bigint();
				const result = await run[variant](count);
				const wall = elapsedMs(start);
				const cpu = process.cpuUsage(cpuStart);
				checkRun(benchCase, variant, result, expected(variant));
				const seen = await fake.stats();
				const requests = seen[requestKey] ?? 0;
				const total = Object.values(seen).reduce((sum, value) => sum + value, 0);
				if (requests !== count || total !== count) {
					throw new Error(`${benchCase.label}, ${variant}: the fake saw ${JSON.stringify(seen)}, expected ${count} requests`);
				}
				return { wall, cpu: (cpu.user + cpu.system) / 1000 };
			};
			for (let warmup = 0; warmup < SETTINGS.warmups; warmup++) {
				for (const variant of VARIANTS) await once(variant);
			}
			const times = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
			for (let rep = 0; rep < SETTINGS.reps; rep++) {
				for (const variant of rotate(VARIANTS, rep)) times[variant].push(await once(variant));
			}
			const medianOf = (measure) => mapValues(times, (runs) => median(runs.map((run) => run[measure])));
			const row = { label: benchCase.label, count, outputs: expected('ours'), ...medianOf('wall'), cpu: medianOf('cpu') };
			rows.push(row);
			say(
				`  ${row.label}, ${count} item${count === 1 ? '' : 's'}: ours ${ms(row.ours)} ms, ` +
					`HTTP Request ${ms(row.http)} ms, declarative minimum ${ms(row.minimum)} ms, floor ${ms(row.floor)} ms ` +
					`(ours/HTTP Request ${fixed(ratio(row.ours, row.http), 2)}, CPU ${fixed(ratio(row.cpu.ours, row.cpu.http), 2)}; ` +
					`minimum/HTTP Request ${fixed(ratio(row.minimum, row.http), 2)}, CPU ${fixed(ratio(row.cpu.minimum, row.cpu.http), 2)})`,
			);
		}
	}
	return rows;
}

const mapValues = (object, fn) => Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value)]));

function memoryProbes(fake, cases) {
	const rows = [];
	for (const { benchCase, isList } of cases) {
		const count = isList ? 1 : SETTINGS.memoryCount;
		for (const variant of SETTINGS.memoryVariants) {
			const result = child(['memory', benchCase.id, variant, String(count), fake.url]);
			rows.push({ label: benchCase.label, count, variant, ...result });
			say(`  ${benchCase.label}, ${variant}: peak RSS ${fixed(result.peakKb / 1024, 0)} MB (+${fixed(result.growthKb / 1024, 1)} MB)`);
		}
	}
	return rows;
}

function loadProbes() {
	const probe = (what) => {
		const runs = Array.from({ length: SETTINGS.loadReps }, () => child(['load', what]));
		return { ms: median(runs.map((run) => run.ms)), files: runs[0].files };
	};
	return { ours: probe('ours'), http: probe('http') };
}

function tarball() {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: PACKAGE_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [pack] = JSON.parse(output);
	return { filename: pack.filename, size: pack.size, unpackedSize: pack.unpackedSize, entryCount: pack.entryCount };
}

function machine() {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown',
		cores: cpus.length,
		memoryGb: os.totalmem() / 1024 ** 3,
		os: `${os.type()} ${os.release()} (${os.arch()})`,
		node: process.version,
		n8nCore: nodesBase.ownVersionOf('n8n-core'),
		n8nWorkflow: nodesBase.ownVersionOf('n8n-workflow'),
		n8nNodesBase: nodesBase.cachedVersionOf('n8n-nodes-base'),
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
	};
}

/** The report, as markdown: the tables the console shows and BENCHMARKS.md holds. */
function report({ rows, memory, load, pack, info, httpVersion, skippedLists }) {
	const lines = [];
	const push = (...more) => lines.push(...more);
	const perItemUs = (value, row) => (value === undefined ? undefined : ((value - row.floor) / row.outputs) * 1000);

	push(
		'Wall time of one execution (medians):',
		'',
		'| Case | Input items | Output items | Ours (ms) | HTTP Request (ms) | Declarative minimum (ms) | Floor (ms) | Ours / HTTP Request | Declarative minimum / HTTP Request | Ours / floor | Ours over floor per output item (µs) | HTTP Request over floor per output item (µs) |',
		'|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
	);
	for (const row of rows) {
		const versusHttp = ratio(row.ours, row.http);
		push(
			`| ${row.label} | ${row.count} | ${row.outputs} | ${ms(row.ours)} | ${ms(row.http)} | ${ms(row.minimum)} | ${ms(row.floor)} | ` +
				`**${fixed(versusHttp, 2)}**${versusHttp > 1 ? ' ⚠' : ''} | ${fixed(ratio(row.minimum, row.http), 2)} | ` +
				`${fixed(ratio(row.ours, row.floor), 2)} | ${fixed(perItemUs(row.ours, row), 0)} | ${fixed(perItemUs(row.http, row), 0)} |`,
		);
	}
	for (const label of skippedLists) push(`| ${label} | not in dist/ yet | | | | | | | | | | |`);

	push(
		'',
		'CPU time of the benchmark process for the same runs (medians; the fake API runs elsewhere), steadier than wall time on a busy machine:',
		'',
		'| Case | Input items | Ours (ms) | HTTP Request (ms) | Declarative minimum (ms) | Floor (ms) | Ours / HTTP Request | Declarative minimum / HTTP Request | Ours over floor per output item (µs) | HTTP Request over floor per output item (µs) |',
		'|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
	);
	for (const row of rows) {
		const { cpu } = row;
		const overFloor = (value) => ((value - cpu.floor) / row.outputs) * 1000;
		push(
			`| ${row.label} | ${row.count} | ${ms(cpu.ours)} | ${ms(cpu.http)} | ${ms(cpu.minimum)} | ${ms(cpu.floor)} | ` +
				`**${fixed(ratio(cpu.ours, cpu.http), 2)}** | ${fixed(ratio(cpu.minimum, cpu.http), 2)} | ` +
				`${fixed(overFloor(cpu.ours), 0)} | ${fixed(overFloor(cpu.http), 0)} |`,
		);
	}

	if (memory) {
		push(
			'',
			`Peak memory: a fresh process loads what the way needs, then makes one run of ${SETTINGS.memoryCount.toLocaleString('en')} input items (a list case: 1 input item, ${LIST_SIZE.toLocaleString('en')} output items); the peak is the resident set's high-water mark during the run (Linux; elsewhere the process's maxRSS):`,
			'',
			'| Case | Input items | Way | RSS once loaded (MB) | Peak RSS (MB) | Peak − loaded (MB) |',
			'|---|--:|---|--:|--:|--:|',
		);
		const names = { ours: 'ours', http: 'HTTP Request', minimum: 'declarative minimum', floor: 'floor' };
		for (const row of memory) {
			push(
				`| ${row.label} | ${row.count} | ${names[row.variant]} | ${fixed(row.loadedKb / 1024, 0)} | ${fixed(row.peakKb / 1024, 0)} | ${fixed(row.growthKb / 1024, 1)} |`,
			);
		}
	}
	if (load) {
		push(
			'',
			'| Module load (fresh process, n8n-workflow already loaded, median) | Files | Time (ms) |',
			'|---|--:|--:|',
			`| Our nodes and credentials (package.json "n8n" entries, dist/) | ${load.ours.files} | ${ms(load.ours.ms)} |`,
			`| n8n's HTTP Request node module, for comparison | ${load.http.files} | ${ms(load.http.ms)} |`,
		);
	}
	if (pack) {
		push(
			'',
			`Packed tarball (\`npm pack --dry-run\`): ${pack.filename}, ${fixed(pack.size / 1024, 1)} kB packed, ` +
				`${fixed(pack.unpackedSize / 1024, 1)} kB unpacked, ${pack.entryCount} files.`,
		);
	}
	const slower = rows.filter((row) => row.ours > row.http);
	push(
		'',
		slower.length
			? `Ours / HTTP Request > 1.0 (wall time) in: ${slower.map((row) => `${row.label} × ${row.count}`).join('; ')}.`
			: 'Ours / HTTP Request ≤ 1.0 (wall time) at every item count.',
	);
	push(
		'',
		`Machine: ${info.cpu}, ${info.cores} cores, ${fixed(info.memoryGb, 1)} GB memory, ${info.os}. ` +
			`Node ${info.node}; n8n-core ${info.n8nCore}, n8n-workflow ${info.n8nWorkflow}, ` +
			`n8n-nodes-base ${info.n8nNodesBase} (HTTP Request node version ${httpVersion}). ${info.date}.`,
		'',
		`Medians of ${SETTINGS.reps} timed repetitions after ${SETTINGS.warmups} warm-up run${SETTINGS.warmups === 1 ? '' : 's'} per case and item count; ` +
			`fake API ${SETTINGS.fake === 'process' ? 'in its own process' : 'in the benchmark process'}${SETTINGS.quick ? '; quick (smoke) run' : ''}.`,
	);
	return lines.join('\n');
}

function writeBenchmarks(table) {
	const fakePlace =
		SETTINGS.fake === 'process'
			? "in its own process: served from the measured process, its work would share\n  that process's event loop and CPU time and add the same cost to every way."
			: 'in the benchmark process (`--fake inprocess`).';
	const text = `# Benchmarks

What our nodes cost inside n8n, against n8n's own HTTP Request node making the same request and
against the bare HTTP round trip, all on the same fake API on 127.0.0.1. Written by
\`npm run bench\` (bench/run.js); run it again to refresh this file.

- **Ours**: our node run by n8n's engine (n8n-core \`WorkflowExecute\` → \`RoutingNode\`, the
  package loaded from dist/ by \`PackageDirectoryLoader\`, as n8n loads a community package),
  through \`runWorkflow\` of test/helpers/n8n-engine.js, with Simplify on (the default).
- **HTTP Request**: n8n's HTTP Request node (n8n-nodes-base, same version line as the engine,
  newest node version) in the same engine and the same process, one n8n-workflow/n8n-core
  instance for both, with the same method, URL and headers (set as header parameters); for a
  list case it is followed by a Split Out node, the hand-built way to get one item per entry.
- **Declarative minimum**: the smallest declarative node that makes the same request
  (bench/declarative-minimum.js), run like ours through RoutingNode: what n8n's declarative
  engine costs by itself, as a yardstick.
- **Floor**: the same requests with Node's own \`http\` client: a new connection per request as
  n8n's HTTP helpers make, all items' requests started together as both nodes do, each answer
  read and parsed as JSON.
- The fake API runs ${fakePlace}
- Every run is checked (item count, the items, the number of requests the fake saw) before its
  time counts.

Timing on a shared machine is noisy: compare the ratios measured in one run, never absolute
times across runs or machines; the CPU-time table is steadier than wall time when other work
runs. The target is ours / HTTP Request ≤ 1.0 at every item count.

Run it: \`npm run bench\` (builds, then about 3–5 minutes; the first run also installs
n8n-nodes-base into ~/.cache/n8n-nodes-aaio-morune/bench, about a minute). Smoke run: \`BENCH_QUICK=1 npm run bench\`.
\`npm run bench:breakdown\` and \`npm run bench:real-n8n\` are described below.
Options such as \`-- --reps 21\` or \`-- --case aaio-balance --counts 100 --skip-probes\` (to
profile one case with \`node --cpu-prof --expose-gc bench/run.js …\`) are listed in bench/run.js.

${table}

## Where the time goes

- **n8n's declarative engine is at parity by itself.** The declarative minimum
  (bench/declarative-minimum.js: two properties, the base URL and headers written literally, no
  hooks) runs through the same RoutingNode as ours and comes out about level with the HTTP
  Request node (its ratio column above: on either side of 1.0 from count to count and run to
  run). Whatever ours costs beyond that ratio is what our nodes add to the request. So a ratio
  of 1.0 or less at every item count is out of reach for a declarative node that does anything
  more than an HTTP Request node with the secret pasted into a header.
- **What ours adds, per input item** (found with \`node --cpu-prof\`; measured by
  \`npm run bench:breakdown\` (bench/breakdown.js), which runs our node with its description changed
  in the process: CPU time at 1,000 items on 2026-11-23, ours 1.87 (aaio) and 1.90 (morune)
  times HTTP Request; without the base URL expression 1.40 and 1.30; with only the Balance
  properties 1.37 and 1.38; with both changes 1.01 and 1.02):
  1. **The base URL expression.** \`requestDefaults.baseURL\` is read from the credential by an
     expression, and RoutingNode evaluates it twice for every item (for the request, and again
     in \`resolveBaseUrl\`); each evaluation builds n8n's workflow data proxy and expression
     context. About a quarter of our time. It stays: it is the declarative shape the foundation
     issue asks for, and it is how n8n knows the credential's host is the node's own endpoint.
     n8n gives every credential that authenticates, ours included, an "Allowed HTTP Request
     Domains" setting meant for the HTTP Request node; RoutingNode adds the host of
     \`requestDefaults.baseURL\` to that list, so a list written for HTTP Request nodes does not
     block our node (test/domain-restrictions.test.js). A base URL set later, in a hook, has no
     such host and would be blocked.
  2. **The property walk.** RoutingNode walks every property of the node for every item, twice.
     Ours have 24 (aaio) and 28 (morune) properties, because they cover each provider's whole
     API, against the minimum's 3: about another quarter. One Simplify switch per group of
     resources instead of one per operation took 9 and 6 of them away (0–12% less CPU at 300
     and 1,000 items in an interleaved A/B; within noise at 100).
  3. **Our own work**: refusing a bad credential before sending, the timeout default, reading
     the provider's errors, normalizing the answer. A few percent.
- **What we removed earlier.** Every other per-item expression that reads the credential: the
  parts of a request that come from the credential (morune's user ID in the path, shop ID in
  the body …) are set by
  \`sendRequest\` from the credential it already reads to refuse a bad one; both credentials
  authenticate with a function instead of a \`={{$credentials…}}\` header; the answer check
  reads the credential only when it has an error to redact. In a real n8n each credential read
  is also a database read and a decryption.
- **So:** at one item and for the list operations (one request, 1,000 output items) ours is near
  parity; at 100 and 1,000 input items it stays above 1.0, by the two costs above that come
  with being a declarative node of a whole API whose base URL comes from the credential.
- **In the real n8n** (the last section, \`npm run bench:real-n8n\`, measured 2026-11-23) both
  costs are larger. Each expression evaluation runs in n8n's expression sandbox (isolated-vm on
  Node 24): the base URL expression was about three quarters of RoutingNode's CPU time in a
  profile at 1,000 items. Every credential read is also a database read and a decryption, and
  n8n makes one per request to authenticate it. Ours was 2.0–2.8 times the HTTP Request node
  with the key pasted at 100 and 1,000 items. Setting the base URL in the request hook instead
  measured 2.04 against 2.93 for aaio at 1,000 items, in two runs minutes apart. Against the
  HTTP Request node with the key in a Header Auth credential, which pays the same credential
  reads, ours was the faster of the two at every item count (0.65–0.96). Our own reads of the
  credential (checks, user ID in the path, Merchant ID, signatures) happen once per run, not
  per item (test/credential-reads.test.js).
`;
	// The targets table (at the top) and the real-n8n sections, written from the real-n8n
	// scripts' runs, stay as they are.
	const { currentSection } = require('./real-n8n-section');
	const targets = currentSection('targets');
	const body = targets
		? text.replace(/\n\n/, `\n\n${targets}\n## In n8n-core (\`npm run bench\`): the quick, profilable tool\n\n`)
		: text;
	const rest = ['realN8n', 'notifications'].map((name) => currentSection(name)).filter(Boolean);
	fs.writeFileSync(path.join(PACKAGE_ROOT, 'BENCHMARKS.md'), [body, ...rest].join('\n'));
}

async function main() {
	const started = process.hrtime.bigint();
	if (!fs.existsSync(path.join(PACKAGE_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	nodesBase.ensureInstalled(say);
	const runners = require('./runners');
	const { httpRequest } = runners.loadBaseNodes();
	const { loadPackage } = require('../test/helpers/n8n-engine');
	const loader = await loadPackage();

	const wanted = (benchCase) => !SETTINGS.only || benchCase.id === SETTINGS.only;
	const cases = [
		...BALANCE_CASES.filter(wanted).map((benchCase) => ({ benchCase, counts: SETTINGS.counts, isList: false })),
		...LIST_CASES.filter((benchCase) => wanted(benchCase) && hasOperation(loader, benchCase.ours)).map(
			(benchCase) => ({ benchCase, counts: [1], isList: true }),
		),
	];
	const skippedLists = LIST_CASES.filter((benchCase) => wanted(benchCase) && !hasOperation(loader, benchCase.ours)).map(
		(benchCase) => benchCase.label,
	);
	if (!cases.length) throw new Error(`No case called ${SETTINGS.only}`);

	const fake = SETTINGS.fake === 'inprocess' ? await startBenchFake() : await forkBenchFake();
	say(
		`Benchmark (${SETTINGS.quick ? 'quick' : 'full'}): ${SETTINGS.reps} repetitions, item counts ${SETTINGS.counts.join(', ')}, ` +
			`fake API ${SETTINGS.fake === 'process' ? 'in its own process' : 'in this process'} on ${fake.url}`,
	);
	let results;
	try {
		say('Timing:');
		const rows = await timeCases(fake, runners, cases);
		// The notification triggers (bench/notifications.js): verifying one, refusing 16 MB unsigned.
		const notifications = SETTINGS.only ? [] : await require('./notifications').measureNotifications({ reps: SETTINGS.reps, say });
		let memory;
		let load;
		let pack;
		if (SETTINGS.probes) {
			say('Memory:');
			memory = memoryProbes(fake, cases);
			say('Module load and tarball…');
			load = loadProbes();
			pack = tarball();
		}
		results = { rows, memory, load, pack, info: machine(), httpVersion: httpRequest.newestVersion, skippedLists, notifications };
	} finally {
		await fake.close();
	}

	const table = [report(results), require('./notifications').table(results.notifications)].filter(Boolean).join('\n\n');
	say();
	say(table);
	if (SETTINGS.write) {
		writeBenchmarks(table);
		say('Wrote BENCHMARKS.md.');
	}
	say(`Done in ${(elapsedMs(started) / 1000).toFixed(0)} s.`);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
