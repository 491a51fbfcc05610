'use strict';
/**
 * The fake API as the benchmark uses it: sandbox/fake-api.js, plus
 * - the list answers of the list cases (bench/cases.js), LIST_SIZE entries long, after the same
 *   key check the fake makes (a request without the right key gets the provider's 401);
 * - a count of the requests by "METHOD path" instead of the fake's record of every request
 *   (which would grow by thousands of header objects per run).
 *
 * `startBenchFake()` serves it in this process; `forkBenchFake()` serves it from a child
 * process (the default of the benchmark, so that serving does not share the event loop and
 * the CPU time of the process being measured) and talks to it over IPC. Both give
 * { url, stats(), resetStats(), close() }. Loopback only.
 */
const { fork } = require('node:child_process');

const { startFakeApi } = require('../sandbox/fake-api');
const { LIST_CASES, LIST_SIZE } = require('./cases');

async function startBenchFake({ listSize = LIST_SIZE } = {}) {
	const api = await startFakeApi({ host: '127.0.0.1' });
	let counts = {};
	api.requests.push = (seen) => {
		const key = `${seen.method} ${seen.path}`;
		counts[key] = (counts[key] ?? 0) + 1;
		return 0;
	};
	// Each list answer is made once and sent as the same JSON text every time.
	const answers = new Map(
		LIST_CASES.map((listCase) => [
			listCase,
			{ ok: JSON.stringify(listCase.answer(listSize)), unauthorized: listCase.unauthorized },
		]),
	);
	api.intercept((seen) => {
		const listCase = LIST_CASES.find((candidate) => candidate.path.test(seen.path));
		if (!listCase) return undefined;
		const { ok, unauthorized } = answers.get(listCase);
		if (seen.headers[listCase.auth.header] !== listCase.auth.value) {
			return { status: 401, body: unauthorized };
		}
		return { status: 200, headers: { 'content-type': 'application/json' }, body: ok };
	});
	return {
		url: api.url,
		stats: async () => ({ ...counts }),
		resetStats: async () => {
			counts = {};
		},
		close: () => api.close(),
	};
}

/** The same fake, served by a child process. */
function forkBenchFake({ listSize = LIST_SIZE } = {}) {
	const child = fork(__filename, ['--child', String(listSize)], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let nextId = 0;
	const pending = new Map();
	const ask = (command) =>
		new Promise((resolve, reject) => {
			const id = ++nextId;
			pending.set(id, { resolve, reject });
			child.send({ id, command });
		});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`The fake API process exited (${code})`)));
		child.on('message', (message) => {
			if (message.ready) {
				resolve({
					url: message.url,
					pid: child.pid,
					stats: () => ask('stats'),
					resetStats: () => ask('resetStats'),
					close: () =>
						new Promise((done) => {
							child.removeAllListeners('exit');
							child.once('exit', () => done());
							child.kill('SIGTERM');
						}),
				});
				return;
			}
			const waiting = pending.get(message.id);
			if (!waiting) return;
			pending.delete(message.id);
			waiting.resolve(message.result);
		});
	});
}

module.exports = { startBenchFake, forkBenchFake };

if (require.main === module && process.argv[2] === '--child') {
	startBenchFake({ listSize: Number(process.argv[3]) || LIST_SIZE }).then((fake) => {
		process.on('message', async ({ id, command }) => {
			process.send({ id, result: await fake[command]() });
		});
		process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));
		process.on('disconnect', () => fake.close().then(() => process.exit(0)));
		process.send({ ready: true, url: fake.url });
	});
}
