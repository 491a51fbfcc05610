'use strict';
/**
 * `npm run bench:real-n8n`: our Balance → Get against the HTTP Request node in the real n8n
 * (the pinned version, installed as `npm run e2e` installs it), where credentials are read from
 * n8n's database and decrypted for every request and expressions run in n8n's own engine setup.
 *
 * The package is packed and installed as a community package into a fresh user folder; one
 * workflow per provider, way and item count (Manual Trigger → Edit Fields with a literal list →
 * Split Out → the measured node, after a warm-up run of the same node on one item) is imported and run with `n8n execute --id`, the ways
 * interleaved; the measured node's own `executionTime` from the run data is what counts (n8n's
 * start-up is not in it). Medians; printed as a table, and with `--write` put into BENCHMARKS.md
 * between its "real n8n" markers. Loopback only: the sandbox API on 127.0.0.1.
 *
 *   npm run bench:real-n8n                       counts 100,1000, 5 repetitions
 *   npm run bench:real-n8n -- --counts 10 --reps 1   smoke run
 *   npm run bench:real-n8n -- --write            also update BENCHMARKS.md
 *   npm run bench:real-n8n -- --case aaio-balance --counts 1000 --reps 1 --profile /tmp/prof
 *                                                one case, each n8n process CPU-profiled into
 *                                                /tmp/prof/<workflow ID>/ (node --cpu-prof)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const L = require('../scripts/lib/n8n');
const F = require('../e2e/fixtures');
const { BALANCE_CASES } = require('./cases');
const { median, option } = require('./cli');
const { MARKERS, writeSection } = require('./real-n8n-section');
const { httpRequestParameters } = require('./runners');


const COUNTS = option('counts', '100,1000').split(',').map(Number);
const REPS = Number(option('reps', '5'));
const WRITE = process.argv.includes('--write');
const ONLY = option('case', '');
const PROFILE_DIR = option('profile', '');
const HTTP_REQUEST_VERSION = 4.5;

const say = (line = '') => process.stdout.write(`${line}\n`);

/**
 * Manual Trigger → Edit Fields (a literal list of `count` numbers) → Split Out → `measured`.
 * A first branch runs the same node once on one item, so that what is measured runs warm (its
 * modules loaded, its code compiled), as in an n8n that has been up for a while: each
 * `n8n execute` is a new process.
 */
function benchWorkflow(id, measured, count) {
	const list = (name, length, y) => ({
		id: `bench-${name}`.toLowerCase(),
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [200, y],
		parameters: { mode: 'raw', jsonOutput: JSON.stringify({ list: Array.from({ length }, (_, index) => index) }), options: {} },
	});
	const split = (name, y) => ({
		id: `bench-${name}`.toLowerCase(),
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [400, y],
		parameters: { fieldToSplitOut: 'list', options: {} },
	});
	const nodes = [
		{ id: 'bench-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 100], parameters: {} },
		// executionOrder v1 runs the upper branch first.
		list('Warm-up list', 1, 0),
		split('Warm-up item', 0),
		{ ...measured, id: 'bench-warm-up', name: 'Warm-up', position: [600, 0] },
		list('List', count, 200),
		split('Items', 200),
		{ ...measured, id: 'bench-measured', name: 'Measured', position: [600, 200] },
	];
	const to = (...targets) => ({ main: [targets.map((node) => ({ node, type: 'main', index: 0 }))] });
	return {
		id,
		name: `bench: ${id}`,
		nodes,
		connections: {
			Start: to('Warm-up list', 'List'),
			'Warm-up list': to('Warm-up item'),
			'Warm-up item': to('Warm-up'),
			List: to('Items'),
			Items: to('Measured'),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

const WAYS = ['ours', 'http', 'httpCredential'];

/**
 * The HTTP Request node's other usual set-up: the key in a Header Auth credential instead of
 * pasted into the node. One per provider, for the header that carries its key.
 */
function headerAuthCredential(benchCase, url) {
	const { headers } = benchCase.request(url);
	const [name, value] = Object.entries(headers).find(([header]) => header.toLowerCase() !== 'accept');
	return {
		id: `benchHeader${benchCase.provider.slice(0, 4)}0`.padEnd(16, '0'),
		name: `${benchCase.provider} key as Header Auth`,
		type: 'httpHeaderAuth',
		data: { name, value },
	};
}

/** The measured node of each way for a balance case. */
function measuredNodes(benchCase, url) {
	const credential = F.CRED[benchCase.provider];
	const headerAuth = headerAuthCredential(benchCase, url);
	const request = benchCase.request(url);
	const accept = Object.fromEntries(Object.entries(request.headers).filter(([header]) => header.toLowerCase() === 'accept'));
	return {
		ours: {
			type: `${L.PACKAGE_NAME}.${benchCase.provider}`,
			typeVersion: 1,
			parameters: benchCase.ours.parameters,
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		},
		http: {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: HTTP_REQUEST_VERSION,
			parameters: httpRequestParameters(request),
		},
		httpCredential: {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: HTTP_REQUEST_VERSION,
			parameters: {
				...httpRequestParameters({ ...request, headers: accept }),
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
			},
			credentials: { httpHeaderAuth: { id: headerAuth.id, name: headerAuth.name } },
		},
	};
}

/** A workflow ID of n8n's 16 characters. */
const workflowId = (provider, way, count) =>
	`bench${provider.slice(0, 4)}${{ ours: 'o', http: 'h', httpCredential: 'c' }[way]}${String(count).padStart(6, '0')}`;

function report(rows, { n8nVersion, nodeVersion }) {
	const lines = [
		MARKERS[0],
		'',
		`In the real n8n ${n8nVersion} (\`npm run bench:real-n8n\`): the measured node's own execution time`,
		'from the run data of `n8n execute` (medians), the package installed as a community package,',
		'credentials in n8n\'s database. n8n reads and decrypts the credential for every request, which the',
		'tables above (n8n-core with credentials in memory) do not include. HTTP Request is measured with the',
		'key pasted into its header parameters, as above, and with the key in a Header Auth credential.',
		'',
		'| Case | Input items | Ours (ms) | HTTP Request, key pasted (ms) | HTTP Request, Header Auth credential (ms) | Ours / HTTP Request, pasted | Ours / HTTP Request, credential |',
		'|---|--:|--:|--:|--:|--:|--:|',
		...rows.map(
			(row) =>
				`| ${row.label} | ${row.count} | ${row.ours} | ${row.http} | ${row.httpCredential} | ` +
				`**${(row.ours / row.http).toFixed(2)}** | **${(row.ours / row.httpCredential).toFixed(2)}** |`,
		),
		'',
		`Medians of ${REPS} runs per way, ways interleaved in a rotating order; ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, Node ${nodeVersion}.`,
		'',
		MARKERS[1],
	];
	return lines.join('\n');
}

async function main() {
	const n8n = await L.ensureN8n({ log: say });
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	const userFolder = path.join(tmp, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	let fake;
	try {
		const tarball = await L.buildAndPack(path.join(tmp, 'pack'));
		const env = L.n8nEnv(n8n, { userFolder, port: await L.freePort(), brokerPort: await L.freePort() });
		await L.installCommunityPackage(tarball, userFolder, { env });
		fake = await L.startFake();
		say(`sandbox API on ${fake.url}`);

		const workflows = [];
		const plan = [];
		for (const benchCase of BALANCE_CASES.filter((candidate) => !ONLY || candidate.id === ONLY)) {
			const nodes = measuredNodes(benchCase, fake.url);
			for (const count of COUNTS) {
				const ids = {};
				for (const way of WAYS) {
					ids[way] = workflowId(benchCase.provider, way, count);
					workflows.push(benchWorkflow(ids[way], nodes[way], count));
				}
				plan.push({ label: benchCase.label, count, ids });
			}
		}
		const fixtures = path.join(tmp, 'fixtures');
		fs.mkdirSync(fixtures);
		const credentials = [
			...F.credentials(fake.url, ['aaio', 'morune']),
			...BALANCE_CASES.map((benchCase) => headerAuthCredential(benchCase, fake.url)),
		];
		fs.writeFileSync(path.join(fixtures, 'credentials.json'), JSON.stringify(credentials));
		fs.writeFileSync(path.join(fixtures, 'workflows.json'), JSON.stringify(workflows));
		for (const [command, file] of [['import:credentials', 'credentials.json'], ['import:workflow', 'workflows.json']]) {
			await L.runOrThrow(n8n.node, [n8n.n8nBin, command, `--input=${path.join(fixtures, file)}`], { env, cwd: userFolder });
		}

		/** One `n8n execute`: the measured node's execution time, after checking its items. */
		const executionTime = async (id, count) => {
			await fake.reset();
			const profile = PROFILE_DIR && {
				NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${path.join(PROFILE_DIR, id)}`.trim(),
			};
			const result = await L.n8nCli(n8n, ['execute', `--id=${id}`, '--rawOutput'], {
				env: { ...env, ...profile },
				timeoutMs: 600_000,
			});
			const run = L.parseRunJson(result.stdout);
			const task = run?.data?.resultData?.runData?.Measured?.[0];
			const items = task?.data?.main?.[0] ?? [];
			if (result.code !== 0 || !task || items.length !== count || items.some((item) => item.json?.error)) {
				throw new Error(`workflow ${id}: exit ${result.code}, ${items.length} items\n${result.stderr.slice(-2000)}`);
			}
			const requests = (await fake.requests()).filter((request) => request.provider);
			if (requests.length !== count + 1) {
				throw new Error(`workflow ${id}: the sandbox saw ${requests.length} requests, not ${count} + 1 (warm-up)`);
			}
			return task.executionTime;
		};

		const rows = [];
		for (const step of plan) {
			const times = Object.fromEntries(WAYS.map((way) => [way, []]));
			for (let rep = 0; rep < REPS; rep++) {
				// A rotating order, so that no way is always first after the previous step.
				const order = WAYS.map((_, index) => WAYS[(index + rep) % WAYS.length]);
				for (const way of order) times[way].push(await executionTime(step.ids[way], step.count));
			}
			const row = { label: step.label, count: step.count, ...Object.fromEntries(WAYS.map((way) => [way, median(times[way])])) };
			rows.push(row);
			say(
				`  ${row.label}, ${row.count} items: ours ${row.ours} ms, HTTP Request ${row.http} ms pasted (${(row.ours / row.http).toFixed(2)}), ` +
					`${row.httpCredential} ms with a credential (${(row.ours / row.httpCredential).toFixed(2)})`,
			);
		}
		const section = report(rows, { n8nVersion: n8n.n8nVersion, nodeVersion: n8n.nodeVersion });
		say();
		say(section);
		if (WRITE) {
			writeSection(section);
			say('Wrote it into BENCHMARKS.md.');
		}
	} finally {
		if (fake) await L.stopChild(fake.child);
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
