#!/usr/bin/env node
'use strict';
/**
 * Browser test (`npm run e2e:browser`): the n8n editor that `npm start` serves, in headless
 * Chromium (Debian's /usr/bin/chromium driven by playwright-core from the cache folder).
 *
 *  1. Starts `npm start`'s launcher (scripts/start.js) with a throw-away user folder and free
 *     ports, unless E2E_BASE_URL names an editor that is already running.
 *  2. Gets past the first-run owner setup, opens the example workflow "Check aaio and morune
 *     balances", checks that both nodes render with their own icons, runs the workflow, opens
 *     each node and reads its balance in the output panel.
 *  3. Walks test mode's payment loop for both providers (the example "Create a payment link":
 *     Payment → Create, open the checkout URL, Pay; a new successful execution of "Payment
 *     received" with the payment item; the sandbox page's tampered resend gets 403 and starts
 *     nothing), then a payout: "Payouts from sheet rows" asks for approval by email (the sandbox
 *     outbox), the Approve link resumes it, the payouts succeed and their notifications start
 *     "Payout finished"; and the daily balance report reaches the outbox.
 *  4. Saves screenshots to .e2e/ (screenshot.png: the aaio node's output) and checks the page
 *     asked nothing outside 127.0.0.1.
 *
 * Ends with a line "browser: N passed, M failed"; exits non-zero when a check failed.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const L = require('../scripts/lib/n8n');
const F = require('./fixtures');

const OUT_DIR = path.join(L.ROOT, '.e2e');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];
const EXAMPLES = F.examples();
const EXAMPLE = EXAMPLES['balance-check.json'];
const PAYMENT_LINK = EXAMPLES['payment-link.json'];
const PAYMENT_RECEIVED = EXAMPLES['payment-received.json'];
const PAYOUTS_APPROVAL = EXAMPLES['payouts-approval.json'];
const PAYOUT_FINISHED = EXAMPLES['payout-finished.json'];
const STEP_TIMEOUT = 60_000;
const DESKTOP_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const OUTBOUND_LOG = path.join(OUT_DIR, 'browser-outbound-attempts.jsonl');

const results = [];
const started = Date.now();
const say = (message) => process.stdout.write(`[browser ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}\n`);

async function check(name, fn) {
	try {
		await fn();
		results.push({ name, ok: true });
		say(`PASS ${name}`);
		return true;
	} catch (error) {
		results.push({ name, ok: false, error });
		say(`FAIL ${name}\n       ${String(error.message ?? error).split('\n').slice(0, 12).join('\n       ')}`);
		return false;
	}
}

/** Starts scripts/start.js (what `npm start` runs) and waits for its "ready" line. */
async function startEditor() {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-browser-'));
	const port = await L.freePort();
	const env = {
		...process.env,
		N8N_SANDBOX_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await L.freePort()),
		SANDBOX_PORT: String(await L.freePort()),
		SANDBOX_SMTP_PORT: String(await L.freePort()),
		E2E_OUTBOUND_LOG: OUTBOUND_LOG,
	};
	fs.rmSync(OUTBOUND_LOG, { force: true });
	const child = L.spawnTracked(process.execPath, [path.join(L.ROOT, 'scripts', 'start.js')], { cwd: L.ROOT, env });
	let output = '';
	const ready = new Promise((resolve, reject) => {
		const onData = (d) => {
			output += d;
			const m = /\[start\] ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
			if (m) resolve(m[1]);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('exit', (code) => reject(new Error(`npm start's launcher exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
	});
	// The first run installs n8n into the cache (about 8 minutes on 2 cores).
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error('the editor was not ready within 30 minutes')), 1_800_000);
	});
	let baseUrl;
	try {
		baseUrl = await Promise.race([ready, timeout]);
	} catch (error) {
		await L.stopChild(child, 30_000);
		fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	} finally {
		clearTimeout(timer);
	}
	say(`editor started by npm start's launcher on ${baseUrl}`);
	return { baseUrl, sandboxUrl: `http://127.0.0.1:${env.SANDBOX_PORT}`, child, userFolder, output: () => output };
}

async function main() {
	fs.mkdirSync(OUT_DIR, { recursive: true });
	if (!fs.existsSync(CHROMIUM)) {
		throw new L.MissingDependency(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
	}
	const { chromium } = await L.ensurePlaywright();
	let editor;
	let browser;
	try {
		editor = process.env.E2E_BASE_URL
			? { baseUrl: process.env.E2E_BASE_URL.replace(/\/$/, ''), sandboxUrl: (process.env.E2E_SANDBOX_URL ?? 'http://127.0.0.1:5680').replace(/\/$/, '') }
			: await startEditor();
		const base = editor.baseUrl;

		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: STEP_TIMEOUT });
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-US', timezoneId: 'UTC' });
		const page = await context.newPage();
		page.setDefaultTimeout(STEP_TIMEOUT);
		const outside = [];
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			if (['127.0.0.1', 'localhost'].includes(url.hostname) || ['data:', 'blob:'].includes(url.protocol)) return route.continue();
			outside.push(url.href);
			return route.abort();
		});
		const pageErrors = [];
		page.on('pageerror', (error) => pageErrors.push(error.message));

		// --- owner setup (first run) ---------------------------------------------------------
		await check('the owner setup form (first run) is shown and accepted', async () => {
			await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
			const form = page.locator('[data-test-id="setup-form"], [data-test-id="auth-form"]').first();
			await form.waitFor({ state: 'visible' });
			if (await page.locator('input[name="firstName"]').count()) {
				await page.fill('input[name="email"]', L.SANDBOX_OWNER.email);
				await page.fill('input[name="firstName"]', L.SANDBOX_OWNER.firstName);
				await page.fill('input[name="lastName"]', L.SANDBOX_OWNER.lastName);
				await page.fill('input[name="password"]', L.SANDBOX_OWNER.password);
			} else {
				// An editor that already has its owner (E2E_BASE_URL): sign in instead.
				await page.fill('input[name="emailOrLdapLoginId"], input[name="email"]', L.SANDBOX_OWNER.email);
				await page.fill('input[name="password"]', L.SANDBOX_OWNER.password);
			}
			await page.screenshot({ path: path.join(OUT_DIR, 'screenshot-setup.png') });
			await page.click('[data-test-id="form-submit-button"]');
			await page.waitForURL((url) => !/\/(setup|signin)/.test(url.pathname), { timeout: STEP_TIMEOUT });
			await L.sleep(3_000);
			await page.screenshot({ path: path.join(OUT_DIR, 'screenshot-first-login.png') });
		});
		await check("the first login is not greeted by n8n's AI assistant (it is off)", async () => {
			assert.equal(await page.getByText('n8n Assistant').count(), 0, 'the n8n Assistant onboarding is shown');
		});

		// --- the example workflow on the canvas ----------------------------------------------
		const nodeOnCanvas = (name) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
		await check(`the example workflow "${EXAMPLE.name}" opens with both nodes on the canvas`, async () => {
			await page.goto(`${base}/workflow/${EXAMPLE.id}`, { waitUntil: 'domcontentloaded' });
			await nodeOnCanvas('aaio balance').waitFor({ state: 'visible' });
			await nodeOnCanvas('morune balance').waitFor({ state: 'visible' });
		});
		await check('both nodes render with their own icons (loaded SVGs from the package)', async () => {
			const srcs = {};
			for (const [name, file] of [
				['aaio balance', /n8n-nodes-aaio-morune\/dist\/nodes\/Aaio\/aaio(\.dark)?\.svg/],
				['morune balance', /n8n-nodes-aaio-morune\/dist\/nodes\/Morune\/morune(\.dark)?\.svg/],
			]) {
				const img = nodeOnCanvas(name).locator('img').first();
				await img.waitFor({ state: 'attached' });
				await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: STEP_TIMEOUT });
				srcs[name] = await img.getAttribute('src');
				assert.match(srcs[name], file, `${name}: icon ${srcs[name]}`);
			}
			assert.notEqual(srcs['aaio balance'], srcs['morune balance']);
			await page.screenshot({ path: path.join(OUT_DIR, 'screenshot-canvas.png') });
		});

		// --- run it and read the output ------------------------------------------------------
		await check('"Execute workflow" runs both nodes successfully', async () => {
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			for (const name of ['aaio balance', 'morune balance']) {
				await nodeOnCanvas(name).locator('[data-test-id="canvas-node-status-success"]').waitFor({ state: 'visible' });
			}
			await page.screenshot({ path: path.join(OUT_DIR, 'screenshot-executed.png') });
		});
		for (const [name, balance, shot] of [
			['aaio balance', '1592.03', 'screenshot.png'],
			['morune balance', '14034.5', 'screenshot-morune.png'],
		]) {
			await check(`the output panel of "${name}" shows the available balance ${balance}`, async () => {
				await nodeOnCanvas(name).dblclick();
				const output = page.locator('[data-test-id="output-panel"]');
				await output.waitFor({ state: 'visible' });
				await output.getByText(balance, { exact: false }).first().waitFor({ state: 'visible' });
				const text = await output.innerText();
				assert.match(text, /available/);
				assert.match(text, /RUB/);
				await page.screenshot({ path: path.join(OUT_DIR, shot) });
				await page.keyboard.press('Escape');
				await output.waitFor({ state: 'hidden' });
			});
		}

		await walkTheLoop({ page, context, base, sandboxUrl: editor.sandboxUrl });

		await check('the editor page asked nothing outside 127.0.0.1', async () => {
			assert.deepEqual(outside, []);
		});
		if (editor.child) {
			await check("the sandbox keys appear nowhere in n8n's log", async () => {
				const log = fs.readFileSync(path.join(editor.userFolder, 'n8n.log'), 'utf8');
				for (const secret of F.SECRETS) assert.equal(log.includes(secret), false, `${secret.slice(0, 12)}… is in n8n.log`);
			});
			await check('n8n (server side) attempted no connection outside 127.0.0.1', async () => {
				const attempts = fs.existsSync(OUTBOUND_LOG) ? fs.readFileSync(OUTBOUND_LOG, 'utf8').trim() : '';
				assert.equal(attempts, '', `outbound attempts:\n${attempts.split('\n').slice(0, 5).join('\n')}`);
			});
		}
		if (pageErrors.length) say(`page errors (not failures): ${pageErrors.slice(0, 5).join(' | ')}`);
	} finally {
		if (browser) await browser.close().catch(() => {});
		if (editor?.child) {
			await L.stopChild(editor.child, 30_000);
			fs.writeFileSync(path.join(OUT_DIR, 'browser-npm-start.log'), editor.output());
			fs.rmSync(editor.userFolder, { recursive: true, force: true });
		}
	}
}

/** Polls `probe` (resolving to { done, value }) until done; the value, or an error after `timeoutMs`. */
async function until(what, probe, timeoutMs = STEP_TIMEOUT) {
	return await L.pollUntil(probe, { timeoutMs, intervalMs: 300, what });
}

/**
 * Test mode's loop in the browser: Payment → Create (the example "Create a payment link"), the
 * checkout page, Pay, and the execution of "Payment received" it starts, for aaio and morune; a
 * tampered resend from the sandbox page; then payouts approved by email that succeed and start
 * "Payout finished". Executions are read through n8n's REST API as the owner.
 */
async function walkTheLoop({ page, context, base, sandboxUrl }) {
	const n8n = await L.ensureN8n({ log: () => {} });
	const parse = L.flattedParse(n8n);
	const rest = new L.N8nRest(base);
	await rest.ownerSetupOrLogin(L.SANDBOX_OWNER);
	const executions = async (workflowId) => (await rest.executions(workflowId)) ?? [];
	const fresh = (workflowId, before, count = 1) =>
		until(`${count} new finished execution(s) of ${workflowId}`, async () => {
			const list = (await executions(workflowId)).filter((e) => !before.includes(e.id));
			const done = list.length >= count && list.every((e) => !['new', 'running', 'waiting'].includes(e.status));
			return { done, value: list, state: list.map((e) => e.status).join(', ') || 'none' };
		});
	const itemsOf = async (executionId, nodeName) => {
		const execution = await rest.execution(executionId, parse);
		const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
		return runs.flatMap((run) => run.data?.main?.[0] ?? []).map((item) => item.json);
	};
	const nodeOnCanvas = (name) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	const sandboxPage = await context.newPage();
	sandboxPage.setDefaultTimeout(STEP_TIMEOUT);

	const paymentUrls = {};
	await check(`"${PAYMENT_LINK.name}": Payment → Create on both nodes gives checkout URLs on the sandbox`, async () => {
		await page.goto(`${base}/workflow/${PAYMENT_LINK.id}`, { waitUntil: 'domcontentloaded' });
		await nodeOnCanvas('aaio payment link').waitFor({ state: 'visible' });
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		for (const provider of ['aaio', 'morune']) {
			const name = `${provider} payment link`;
			await nodeOnCanvas(name).locator('[data-test-id="canvas-node-status-success"]').waitFor({ state: 'visible' });
			await nodeOnCanvas(name).dblclick();
			const output = page.locator('[data-test-id="output-panel"]');
			await output.getByText(`${sandboxUrl}/pay/${provider}/`, { exact: false }).first().waitFor({ state: 'visible' });
			const text = await output.innerText();
			const match = new RegExp(`${sandboxUrl.replace(/[.:/]/g, '\\$&')}/pay/${provider}/[0-9a-f-]{36}`).exec(text);
			assert.ok(match, `no checkout URL in the output of ${name}:\n${text.slice(0, 500)}`);
			paymentUrls[provider] = match[0];
			await page.screenshot({ path: path.join(OUT_DIR, `screenshot-payment-link-${provider}.png`) });
			await page.keyboard.press('Escape');
			await output.waitFor({ state: 'hidden' });
		}
	});

	for (const provider of ['aaio', 'morune']) {
		const trigger = `${provider} payment notification`;
		let deliveryId;
		let before = [];
		await check(`${provider}: the checkout page's Pay delivers the notification, and "${PAYMENT_RECEIVED.name}" has a new successful execution with the payment`, async () => {
			assert.ok(paymentUrls[provider], 'no checkout URL from the step before');
			before = (await executions(PAYMENT_RECEIVED.id)).map((e) => e.id);
			await sandboxPage.goto(paymentUrls[provider], { waitUntil: 'domcontentloaded' });
			const orderId = await sandboxPage.locator('[data-test="order-id"]').innerText();
			await sandboxPage.click('[data-test="pay"]');
			const flash = await sandboxPage.locator('[data-test="flash"]').innerText();
			assert.match(flash, /Notification #\d+: HTTP 200/);
			deliveryId = /Notification #(\d+)/.exec(flash)[1];
			assert.equal(await sandboxPage.locator('[data-test="status"]').innerText(), 'success');
			await sandboxPage.screenshot({ path: path.join(OUT_DIR, `screenshot-checkout-${provider}.png`) });
			const [execution] = await fresh(PAYMENT_RECEIVED.id, before);
			assert.equal(execution.status, 'success');
			const items = await itemsOf(execution.id, trigger);
			assert.equal(items.length, 1, `${items.length} items from ${trigger}`);
			assert.equal(items[0].provider, provider);
			assert.equal(items[0].orderId, orderId);
			assert.equal(items[0].status, 'paid');
			assert.equal(items[0].amount, 990);
			const fulfilled = await itemsOf(execution.id, 'Fulfil the order');
			assert.equal(fulfilled[0]?.orderId, orderId);
			// The execution in the editor: the order went through "Fulfil the order".
			await page.goto(`${base}/workflow/${PAYMENT_RECEIVED.id}/executions/${execution.id}`, { waitUntil: 'domcontentloaded' });
			await page.locator('[data-test-id="canvas-node"][data-node-name="Fulfil the order"] [data-test-id="canvas-node-status-success"]').first().waitFor({ state: 'visible' });
			await page.screenshot({ path: path.join(OUT_DIR, `screenshot-payment-received-${provider}.png`) });
		});
		await check(`${provider}: a tampered resend from the sandbox's delivery log gets 403 and starts nothing`, async () => {
			assert.ok(deliveryId, 'no delivery from the step before');
			before = (await executions(PAYMENT_RECEIVED.id)).map((e) => e.id);
			await sandboxPage.goto(`${sandboxUrl}/sandbox`, { waitUntil: 'domcontentloaded' });
			await sandboxPage.locator(`tr[data-delivery-id="${deliveryId}"] button[data-test="tampered"]`).click();
			const flash = await sandboxPage.locator('[data-test="flash"]').innerText();
			assert.match(flash, /\(tampered\): HTTP 403/);
			await sandboxPage.screenshot({ path: path.join(OUT_DIR, `screenshot-delivery-log-${provider}.png`), fullPage: true });
			await L.sleep(2_000);
			const after = (await executions(PAYMENT_RECEIVED.id)).filter((e) => !before.includes(e.id));
			assert.deepEqual(after.map((e) => e.id), [], 'a new execution started');
		});
	}

	await check(`"${PAYOUTS_APPROVAL.name}": approved from the email in the sandbox outbox, the payouts succeed and their notifications start "${PAYOUT_FINISHED.name}"`, async () => {
		const finishedBefore = (await executions(PAYOUT_FINISHED.id)).map((e) => e.id);
		const mailBefore = (await (await fetch(`${sandboxUrl}/__sandbox/mail`)).json()).length;
		await page.goto(`${base}/workflow/${PAYOUTS_APPROVAL.id}`, { waitUntil: 'domcontentloaded' });
		await nodeOnCanvas('Ask for approval').waitFor({ state: 'visible' });
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		const mail = await until('the approval email in the sandbox outbox', async () => {
			const messages = await (await fetch(`${sandboxUrl}/__sandbox/mail`)).json();
			return { done: messages.length > mailBefore, value: messages.at(-1), state: `${messages.length} emails` };
		});
		assert.match(mail.subject, /Approve 2 payouts/);
		// n8n ignores an approval link opened by a bot or link preview (isbot: HeadlessChrome is one),
		// so the person's click is made in a context with an ordinary browser's user agent.
		const person = await context.browser().newContext({ viewport: { width: 1280, height: 900 }, userAgent: DESKTOP_USER_AGENT });
		try {
			await person.route('**/*', (route) => (['127.0.0.1', 'localhost'].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort()));
			const inbox = await person.newPage();
			await inbox.goto(`${sandboxUrl}/sandbox`, { waitUntil: 'domcontentloaded' });
			const approve = inbox.locator('a[data-test="mail-link"]', { hasText: 'Approve' }).first();
			const href = await approve.getAttribute('href');
			assert.match(href, /approved=true/);
			await inbox.goto(href, { waitUntil: 'domcontentloaded' });
			await inbox.screenshot({ path: path.join(OUT_DIR, 'screenshot-approved.png') });
		} finally {
			await person.close();
		}
		await nodeOnCanvas('aaio payout').locator('[data-test-id="canvas-node-status-success"]').waitFor({ state: 'visible' });
		await page.screenshot({ path: path.join(OUT_DIR, 'screenshot-payouts-approved.png') });
		// Pending for 5 s in the sandbox, then success: one notification, one execution, per payout.
		const finished = await fresh(PAYOUT_FINISHED.id, finishedBefore, 2);
		assert.equal(finished.length, 2, `${finished.length} executions`);
		for (const execution of finished) {
			assert.equal(execution.status, 'success');
			const [result] = await itemsOf(execution.id, 'Payout result');
			assert.equal(result?.status, 'paid');
			assert.equal(result?.provider, 'aaio');
			assert.match(result?.payoutId, /^seller-(17|23)-/);
		}
		await page.goto(`${base}/workflow/${PAYOUT_FINISHED.id}/executions/${finished[0].id}`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-node"][data-node-name="Payout result"] [data-test-id="canvas-node-status-success"]').first().waitFor({ state: 'visible' });
		await page.screenshot({ path: path.join(OUT_DIR, 'screenshot-payout-finished.png') });
	});

	const report = EXAMPLES['daily-balance-report.json'];
	await check(`"${report.name}": Execute workflow emails one report with both balances to the sandbox outbox`, async () => {
		const mailBefore = (await (await fetch(`${sandboxUrl}/__sandbox/mail`)).json()).length;
		await page.goto(`${base}/workflow/${report.id}`, { waitUntil: 'domcontentloaded' });
		await nodeOnCanvas('Send the report').waitFor({ state: 'visible' });
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		await nodeOnCanvas('Send the report').locator('[data-test-id="canvas-node-status-success"]').waitFor({ state: 'visible' });
		const messages = await (await fetch(`${sandboxUrl}/__sandbox/mail`)).json();
		assert.equal(messages.length, mailBefore + 1, `${messages.length - mailBefore} new emails`);
		const mail = messages.at(-1);
		assert.match(mail.subject, /^Balances on \d{4}-\d{2}-\d{2}$/);
		assert.match(mail.text, /aaio: \d+\.\d{2} RUB available/);
		assert.match(mail.text, /morune: \d+\.\d{2} RUB available/);
		await sandboxPage.goto(`${sandboxUrl}/sandbox`, { waitUntil: 'domcontentloaded' });
		await sandboxPage.screenshot({ path: path.join(OUT_DIR, 'screenshot-sandbox-page.png'), fullPage: true });
	});
	await sandboxPage.close();
}

main()
	.catch((error) => {
		results.push({ name: 'browser run', ok: false, error });
		// A missing program is one line naming what to install, not a stack.
		say(`ERROR ${error instanceof L.MissingDependency ? error.message : (error.stack ?? error)}`);
	})
	.finally(() => {
		const passed = results.filter((r) => r.ok).length;
		const failed = results.length - passed;
		say(`screenshots in ${path.relative(process.cwd(), OUT_DIR) || OUT_DIR}`);
		process.stdout.write(`browser: ${passed} passed, ${failed} failed\n`);
		process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
	});
