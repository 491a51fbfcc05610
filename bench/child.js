'use strict';
/**
 * Measurements that need a fresh process, run by bench/run.js (one JSON line on stdout):
 *
 *   node bench/child.js load ours|http
 *     The time to require our node and credential modules (every file in package.json's
 *     "n8n" section, from dist/), or n8n's HTTP Request node module, in a process that has
 *     n8n-workflow loaded already, as n8n has when it loads a package.
 *
 *   node bench/child.js memory <case id> <variant> <count> <fake URL>
 *     The peak resident memory (maxRSS) of a process that loads what the variant needs (the
 *     engine and our package; n8n-nodes-base for the HTTP Request node) and runs <count> items
 *     once; `growthKb` is the peak minus the RSS once everything was loaded.
 */
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_ROOT = path.resolve(__dirname, '..');
const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function measureLoad(what) {
	require('n8n-workflow');
	if (what === 'ours') {
		const { n8n } = require(path.join(PACKAGE_ROOT, 'package.json'));
		const files = [...n8n.nodes, ...n8n.credentials].map((file) => path.join(PACKAGE_ROOT, file));
		const start = process.hrtime.bigint();
		for (const file of files) require(file);
		return { ms: elapsedMs(start), files: files.length };
	}
	const { requireFromBase, shareEngine } = require('./n8n-nodes-base');
	shareEngine();
	const start = process.hrtime.bigint();
	requireFromBase('dist/nodes/HttpRequest/HttpRequest.node.js');
	return { ms: elapsedMs(start), files: 1 };
}

/**
 * The process's peak resident memory from now on: on Linux the kernel's high-water mark is
 * reset (so that loading's own peak does not hide the run's), elsewhere maxRSS is all there is.
 */
function peakTracker() {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		const highWaterKb = () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
		return { startKb: process.memoryUsage().rss / 1024, peakKb: highWaterKb };
	} catch {
		return { startKb: process.resourceUsage().maxRSS, peakKb: () => process.resourceUsage().maxRSS };
	}
}

async function measureMemory(caseId, variant, count, url) {
	const { BALANCE_CASES, LIST_CASES, LIST_SIZE } = require('./cases');
	const { runnersFor, checkRun, loadBaseNodes } = require('./runners');
	const { loadPackage } = require('../test/helpers/n8n-engine');
	const benchCase = [...BALANCE_CASES, ...LIST_CASES].find((candidate) => candidate.id === caseId);
	const isList = LIST_CASES.includes(benchCase);
	await loadPackage();
	if (variant === 'http') loadBaseNodes();
	const run = runnersFor(benchCase, url)[variant];

	global.gc?.();
	const tracker = peakTracker();
	const result = await run(count);
	const peakKb = tracker.peakKb();
	checkRun(benchCase, variant, result, isList && variant !== 'floor' ? count * LIST_SIZE : count);
	return { loadedKb: tracker.startKb, peakKb, growthKb: peakKb - tracker.startKb };
}

async function main() {
	const [mode, ...args] = process.argv.slice(2);
	let result;
	if (mode === 'load') result = measureLoad(args[0]);
	else if (mode === 'memory') result = await measureMemory(args[0], args[1], Number(args[2]), args[3]);
	else throw new Error(`Unknown mode ${mode}`);
	process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
