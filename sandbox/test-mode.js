'use strict';
/**
 * Test mode of the sandbox: the payment loop without an account, as the providers answer.
 *
 *  - Checkout pages: Payment → Create (aaio's payment URL, morune's invoice URL) returns a URL on
 *    the sandbox (/pay/aaio/<id>, /pay/morune/<id>) with Pay, Fail, Let expire (and Refund for a
 *    paid morune invoice). Each changes the order as the provider's lookup then reports it.
 *  - Notifications: every state change the provider notifies is delivered to the URL the user
 *    registered (aaio: the shop's notification URL, or a payout's webhook_url, else the
 *    account's payout URL; morune: the invoice's or payout's hook_url, else the shop's or the
 *    account's), in the provider's format and signature (sandbox/notify.js). Deliveries go to
 *    loopback addresses only, and are logged with the answer they got; any can be sent again
 *    as is (resend, replay) or with its amount changed after signing (tampered).
 *  - Payouts move on: pending for `payouts.seconds`, then success (or cancel / fail), or stay
 *    pending until completed or cancelled by hand; the lookup and the notification follow.
 *  - Faults on demand: the next API answer lost, slow or a 503; the next state change lagging in
 *    the lookup; the next notification delivered twice at once.
 *  - The shapes of public clients: aaio's documented `"type":"fail"` errors and `referal`
 *    balance, morune tariffs in snake_case, without a lower limit, or under moderation.
 *
 * Off by default (the jest tests get the providers' URLs); `node sandbox/fake-api.js --test-mode`
 * or POST /__sandbox/settings {"enabled": true} turns it on. The pages are in sandbox/pages.js.
 */
const { randomInt } = require('node:crypto');

const aaio = require('./aaio');
const morune = require('./morune');
const notify = require('./notify');
const pages = require('./pages');

/** How long a lagging record shows its state from before the change. */
const LAG_MS = 15_000;
/** How long a slow answer takes. */
const SLOW_MS = 8_000;
const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_DELIVERIES = 500;

/** The rates the sandbox converts order amounts to RUB with (fees are in RUB). */
const RUB_RATES = { RUB: 1, USD: 92.35, EUR: 100.4, UAH: 2.21 };

const round2 = (value) => Math.round(value * 100) / 100;

function defaultSettings() {
	return {
		enabled: false,
		aaio: { notificationUrl: '', payoutUrl: '' },
		morune: { paymentUrl: '', payoutUrl: '' },
		/** Payouts: seconds pending, then outcome 'success', 'cancel' or 'manual' (stay pending). */
		payouts: { seconds: 5, outcome: 'success' },
		publicShapes: false,
	};
}

/** Whether a URL is http(s) on a loopback address: the only place the sandbox delivers to. */
function isLoopbackUrl(text) {
	let url;
	try {
		url = new URL(text);
	} catch {
		return false;
	}
	if (!['http:', 'https:'].includes(url.protocol)) return false;
	const host = url.hostname.replace(/^\[|\]$/g, '');
	return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The paths that create a payout: a fault can wait for the next one. */
const PAYOUT_CREATE = { aaio: '/api/create-payoff', morune: '/payoff/create' };

const FAULTS = {
	lost: { label: 'the next answer lost (the request is handled, the connection dropped)', spec: { destroy: true, record: true } },
	slow: { label: `the next answer slow (${SLOW_MS / 1000} s)`, spec: { pass: true, delayMs: SLOW_MS } },
	'5xx': { label: 'the next answer HTTP 503 (nothing handled)', spec: { status: 503, body: 'Service Temporarily Unavailable' } },
};

function createTestMode(api) {
	const mode = {
		api,
		settings: defaultSettings(),
		/** A message for the next view of a page, by page. */
		flash: new Map(),
		deliveries: [],
		/** One-shot faults of test mode (the API faults are in api.queued). */
		faults: { lag: false, duplicate: false },
		/** What the morune lookup does not show, by invoice ID: reject and refund details. */
		extra: {},
		/** When each payout was first seen pending, by "provider:id". */
		pendingSince: new Map(),
		inflight: new Set(),
		sequence: 0,
		/** How long a lagging record shows its state from before the change. */
		lagMs: LAG_MS,
	};

	function applyToState() {
		const { enabled, publicShapes } = mode.settings;
		api.state.aaio.checkoutBase = enabled ? `${api.url}/pay/aaio` : undefined;
		api.state.morune.checkoutBase = enabled ? `${api.url}/pay/morune` : undefined;
		api.state.aaio.publicShapes = publicShapes;
		api.state.morune.publicShapes = publicShapes;
	}

	/** Merges settings (JSON or the settings form), checking every URL; returns the problems. */
	mode.configure = (changes) => {
		const next = JSON.parse(JSON.stringify(mode.settings));
		const problems = [];
		if (changes.enabled !== undefined) next.enabled = changes.enabled === true || changes.enabled === 'on' || changes.enabled === 'true';
		if (changes.publicShapes !== undefined) {
			next.publicShapes = changes.publicShapes === true || changes.publicShapes === 'on' || changes.publicShapes === 'true';
		}
		for (const [provider, names] of [
			['aaio', ['notificationUrl', 'payoutUrl']],
			['morune', ['paymentUrl', 'payoutUrl']],
		]) {
			for (const name of names) {
				const value = changes[provider]?.[name];
				if (value === undefined) continue;
				const url = String(value).trim();
				if (url !== '' && !isLoopbackUrl(url)) {
					problems.push(`${provider} ${name}: the sandbox delivers to http://127.0.0.1 or localhost only, not ${url}`);
					continue;
				}
				next[provider][name] = url;
			}
		}
		if (changes.payouts?.seconds !== undefined) {
			const seconds = Number(changes.payouts.seconds);
			if (Number.isFinite(seconds) && seconds >= 0 && seconds <= 3600) next.payouts.seconds = seconds;
			else problems.push('payout seconds: a number from 0 to 3600');
		}
		if (changes.payouts?.outcome !== undefined) {
			if (['success', 'cancel', 'manual'].includes(changes.payouts.outcome)) next.payouts.outcome = changes.payouts.outcome;
			else problems.push('payout outcome: success, cancel or manual');
		}
		mode.settings = next;
		applyToState();
		return problems;
	};

	mode.reset = () => {
		mode.settings = defaultSettings();
		mode.deliveries.length = 0;
		mode.faults = { lag: false, duplicate: false };
		mode.extra = {};
		mode.pendingSince.clear();
		mode.flash.clear();
		mode.lagMs = LAG_MS;
		applyToState();
	};

	/** Resolves when every delivery started so far has its answer. */
	mode.settled = async () => {
		while (mode.inflight.size > 0) await Promise.allSettled([...mode.inflight]);
	};

	// --- deliveries ---------------------------------------------------------------------------

	async function post(entry) {
		const started = Date.now();
		try {
			const response = await fetch(entry.url, {
				method: 'POST',
				headers: entry.request.headers,
				body: entry.request.body,
				redirect: 'manual',
				signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
			});
			const text = await response.text();
			entry.answer = { status: response.status, body: text.slice(0, 300), ms: Date.now() - started };
		} catch (error) {
			entry.answer = { error: error.cause?.code ?? error.name ?? 'failed', message: String(error.message), ms: Date.now() - started };
		}
		return entry;
	}

	/** Logs one delivery and sends it; resolves to its log entry once answered. */
	function deliver(meta, built, variant = 'sent', of) {
		const entry = {
			id: ++mode.sequence,
			at: new Date().toISOString(),
			...meta,
			variant,
			...(of ? { of } : {}),
			request: { contentType: built.contentType, headers: built.headers, body: built.body },
			answer: undefined,
		};
		mode.deliveries.push(entry);
		if (mode.deliveries.length > MAX_DELIVERIES) mode.deliveries.shift();
		if (!entry.url) {
			entry.answer = { skipped: 'no notification URL registered' };
			return Promise.resolve(entry);
		}
		if (!isLoopbackUrl(entry.url)) {
			entry.answer = { skipped: 'not sent: the sandbox delivers to 127.0.0.1 and localhost only' };
			return Promise.resolve(entry);
		}
		const sending = post(entry);
		mode.inflight.add(sending);
		sending.finally(() => mode.inflight.delete(sending));
		return sending;
	}

	/** A notification of a state change: once, or twice at once when a duplicate is due. */
	function notifyChange(meta, built) {
		const first = deliver(meta, built);
		if (!mode.faults.duplicate) return first;
		mode.faults.duplicate = false;
		const second = deliver(meta, built, 'duplicate');
		return Promise.all([first, second]).then(([entry]) => entry);
	}

	/** Sends a logged delivery again: as it was (resend, replay) or with its amount changed. */
	mode.resend = (id, variant) => {
		const original = mode.deliveries.find((entry) => entry.id === Number(id));
		if (!original) return { problem: `no delivery ${id} in the log` };
		if (!['resend', 'replay', 'tampered'].includes(variant)) return { problem: `unknown variant ${variant}` };
		const built = { ...original.request };
		const sent = variant === 'tampered' ? notify.tamper(built) : built;
		const { provider, event, subject, status, url } = original;
		return { sending: deliver({ provider, event, subject, status, url }, sent, variant, original.id) };
	};

	// --- state changes ------------------------------------------------------------------------

	/** Before a change: a lagging record keeps showing this copy for LAG_MS (once). */
	function beforeChange(providerState, key, record) {
		if (!mode.faults.lag) return;
		mode.faults.lag = false;
		(providerState.lagging ??= {})[key] = { until: Date.now() + mode.lagMs, record: JSON.parse(JSON.stringify(record)) };
	}

	const aaioOrderById = (id) => Object.values(api.state.aaio.orders).find((order) => order.id === id);
	const moruneInvoiceById = (id) => api.state.morune.invoices.find((invoice) => invoice.invoice_id === id);

	mode.findOrder = (provider, id) => (provider === 'aaio' ? aaioOrderById(id) : moruneInvoiceById(id));

	/** The methods a customer can choose on the checkout page. */
	mode.methods = (provider) =>
		provider === 'aaio'
			? Object.entries(aaio.PAYMENT_METHODS).map(([code, method]) => ({ code, name: method.name }))
			: api.state.morune.tariffs
					.filter((tariff) => tariff.status === 'enabled')
					.map((tariff) => ({ code: tariff.service, name: tariff.serviceLabel ?? tariff.service }));

	function payAaio(order, { hold, method }) {
		const chosen = aaio.PAYMENT_METHODS[method] ?? aaio.PAYMENT_METHODS[order.method] ?? aaio.PAYMENT_METHODS.cards_ru;
		const code = aaio.PAYMENT_METHODS[method] ? method : aaio.PAYMENT_METHODS[order.method] ? order.method : 'cards_ru';
		const inRub = order.amount * (RUB_RATES[order.currency] ?? 1);
		beforeChange(api.state.aaio, `order:${order.id}`, order);
		order.method = code;
		order.commission = round2((inRub * chosen.commission_merchant_percent) / 100);
		order.commission_client = round2((inRub * chosen.commission_user_percent) / 100);
		order.profit = round2(inRub - order.commission);
		order.status = hold ? 'hold' : 'success';
		order.complete_date = aaio.moscowTime();
		const built = notify.aaioPayment(order, aaio.ACCOUNT);
		return notifyChange(
			{ provider: 'aaio', event: 'payment', subject: order.order_id, status: order.status, url: mode.settings.aaio.notificationUrl },
			built,
		);
	}

	function changeMorune(invoice, status, extra = {}) {
		beforeChange(api.state.morune, invoice.invoice_id, invoice);
		invoice.status = status;
		mode.extra[invoice.invoice_id] = { ...mode.extra[invoice.invoice_id], ...extra };
		const built = notify.moruneInvoice(invoice, morune.ACCOUNT, mode.extra[invoice.invoice_id]);
		const url = api.state.morune.hooks?.[invoice.invoice_id] ?? mode.settings.morune.paymentUrl;
		return notifyChange({ provider: 'morune', event: 'payment', subject: invoice.order_id, status, url }, built);
	}

	function payMorune(invoice, { method }) {
		const enabled = api.state.morune.tariffs.filter((tariff) => tariff.status === 'enabled');
		const tariff = enabled.find((entry) => entry.service === method) ?? enabled[0];
		const amount = Number(invoice.invoice_amount);
		const shopPercent = Number(tariff.shopPercent);
		const userPercent = Number(tariff.userPercent);
		const commission = round2((amount * shopPercent) / 100);
		beforeChange(api.state.morune, invoice.invoice_id, invoice);
		Object.assign(invoice, {
			pay_service: tariff.service,
			payer_details: tariff.service === 'card' ? `553691******${String(randomInt(1000, 9999))}` : null,
			commission_amount: commission.toFixed(2),
			commission_percent: shopPercent.toFixed(2),
			shop_commission_amount: commission.toFixed(2),
			user_commission_amount: round2((amount * userPercent) / 100).toFixed(2),
			user_commission_percent: userPercent.toFixed(2),
			credited: round2(amount - commission).toFixed(2),
			paid_at: morune.moruneTime(),
		});
		// A lagging lookup keeps the copy taken above (the fault is used up by then).
		return changeMorune(invoice, 'success');
	}

	/**
	 * A customer's action on a checkout page: pay, hold (aaio: paid, the money held), fail,
	 * expire, refund (morune, once paid). Answers { message, sending } or { problem }.
	 */
	mode.checkout = (provider, id, action, { method, reason } = {}) => {
		const order = mode.findOrder(provider, id);
		if (!order) return { problem: `no ${provider} order ${id} in the sandbox` };
		if (provider === 'aaio') {
			if (order.status !== 'in_process') return { problem: `the order is ${order.status}: only an order in_process can be ${action === 'expire' ? 'let expire' : 'paid'}` };
			if (action === 'pay' || action === 'hold') {
				return { message: action === 'hold' ? 'Paid; aaio holds the money (status hold).' : 'Paid (status success).', sending: payAaio(order, { hold: action === 'hold', method }) };
			}
			if (action === 'fail') {
				return { message: 'The payment failed. aaio has no failed status: the order stays in_process until it expires, and aaio sends no notification.' };
			}
			if (action === 'expire') {
				beforeChange(api.state.aaio, `order:${order.id}`, order);
				order.status = 'expired';
				return { message: 'The order expired (status expired). aaio notifies paid orders only: nothing is sent.' };
			}
			return { problem: `unknown action ${action}` };
		}
		if (action === 'refund') {
			if (order.status !== 'success') return { problem: `the invoice is ${order.status}: only a paid invoice can be refunded` };
			return {
				message: 'Refunded (status refund).',
				sending: changeMorune(order, 'refund', { refundAmount: order.invoice_amount, refundReason: reason || 'Возврат по запросу магазина', refundTime: morune.moruneTime() }),
			};
		}
		if (order.status !== 'created') return { problem: `the invoice is ${order.status}: only a new invoice can be paid, failed or let expire` };
		if (action === 'pay') return { message: 'Paid (status success).', sending: payMorune(order, { method }) };
		if (action === 'fail') return { message: 'The payment failed (status fail).', sending: changeMorune(order, 'fail', { rejectTime: morune.moruneTime() }) };
		if (action === 'expire') return { message: 'The invoice expired (status expired).', sending: changeMorune(order, 'expired', { rejectTime: morune.moruneTime() }) };
		return { problem: `unknown action ${action}` };
	};

	// --- payouts ------------------------------------------------------------------------------

	mode.pendingPayouts = () => [
		...api.state.aaio.payoffs.filter((payoff) => payoff.status === 'in_process').map((payoff) => ({ provider: 'aaio', id: payoff.id, record: payoff })),
		...api.state.morune.payouts.filter((payout) => payout.status === 'wait').map((payout) => ({ provider: 'morune', id: payout.payoff_id, record: payout })),
	];

	/** Ends a pending payout: 'success', or 'cancel' (aaio's cancel, morune's fail; the money goes back). */
	mode.finishPayout = (provider, id, outcome) => {
		const pending = mode.pendingPayouts().find((entry) => entry.provider === provider && entry.id === id);
		if (!pending) return { problem: `no pending ${provider} payout ${id}` };
		if (!['success', 'cancel'].includes(outcome)) return { problem: `unknown outcome ${outcome}` };
		mode.pendingSince.delete(`${provider}:${id}`);
		const record = pending.record;
		if (provider === 'aaio') {
			beforeChange(api.state.aaio, `payoff:${id}`, record);
			record.status = outcome;
			record.complete_date = aaio.moscowTime();
			if (outcome === 'cancel') {
				record.cancel_message = 'Отменено в песочнице';
				api.state.aaio.balance.balance = round2(api.state.aaio.balance.balance + record.amount_down);
			}
			const bankId = api.state.aaio.payoffBanks?.[id];
			const bankName = aaio.SBP_BANKS.find((bank) => bank.bankId === bankId)?.bankName;
			const url = api.state.aaio.payoffHooks?.[id] ?? mode.settings.aaio.payoutUrl;
			return {
				sending: notifyChange({ provider, event: 'payout', subject: record.my_id, status: record.status, url }, notify.aaioPayout(record, aaio.ACCOUNT, { bankName })),
			};
		}
		beforeChange(api.state.morune, id, record);
		record.status = outcome === 'success' ? 'success' : 'fail';
		if (outcome === 'success') record.paid_at = morune.moruneTime();
		else {
			record.error_message = 'Отклонено в песочнице';
			const back = Number(record.amount_withdraw_rub);
			api.state.morune.balance.active_balance = round2(api.state.morune.balance.active_balance + back);
			api.state.morune.balance.balance = round2(api.state.morune.balance.balance + back);
		}
		const url = api.state.morune.hooks?.[id] ?? mode.settings.morune.payoutUrl;
		return { sending: notifyChange({ provider, event: 'payout', subject: record.order_id, status: record.status, url }, notify.morunePayout(record, morune.ACCOUNT)) };
	};

	/** Moves pending payouts on once they have waited `payouts.seconds`. */
	mode.tick = (now = Date.now()) => {
		if (!mode.settings.enabled) return;
		const { seconds, outcome } = mode.settings.payouts;
		for (const { provider, id } of mode.pendingPayouts()) {
			const key = `${provider}:${id}`;
			if (!mode.pendingSince.has(key)) mode.pendingSince.set(key, now);
			if (outcome !== 'manual' && now - mode.pendingSince.get(key) >= seconds * 1000) mode.finishPayout(provider, id, outcome);
		}
	};
	const timer = setInterval(() => mode.tick(), 250);
	timer.unref();
	mode.stop = () => clearInterval(timer);

	// --- faults -------------------------------------------------------------------------------

	/**
	 * Arms a fault: lost, slow, 5xx (the next API answer of `provider`, or with target 'payout'
	 * the next answer to a payout creation), lag, duplicate.
	 */
	mode.arm = (fault, provider, target) => {
		if (fault === 'lag') mode.faults.lag = true;
		else if (fault === 'duplicate') mode.faults.duplicate = true;
		else if (FAULTS[fault]) {
			if (!['aaio', 'morune'].includes(provider)) return { problem: 'an API fault needs the provider: aaio or morune' };
			const path = target === 'payout' ? PAYOUT_CREATE[provider] : undefined;
			api.queued.push({ ...FAULTS[fault].spec, provider, ...(path ? { path } : {}), fault });
		} else return { problem: `unknown fault ${fault}` };
		return { message: `armed: ${fault}` };
	};

	mode.armed = () => [
		...api.queued
			.filter((spec) => spec.fault)
			.map((spec) => `${spec.provider}: ${spec.path ? `the answer to the next payout creation ${FAULTS[spec.fault].label.replace('the next answer ', '')}` : FAULTS[spec.fault].label}`),
		...(mode.faults.lag ? [`the next state change lags in the lookup for ${mode.lagMs / 1000} s`] : []),
		...(mode.faults.duplicate ? ['the next notification is delivered twice at once'] : []),
	];

	// --- HTTP ---------------------------------------------------------------------------------

	/**
	 * Serves test mode's pages and control paths; false for any other path. Pages change state
	 * only by POST from the sandbox's own pages (a request another site makes is refused).
	 */
	mode.handle = (req, res, url, body) => pages.handle(mode, req, res, url, body);

	applyToState();
	return mode;
}

module.exports = { createTestMode, isLoopbackUrl, LAG_MS, FAULTS };
