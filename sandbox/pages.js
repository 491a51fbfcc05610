'use strict';
/**
 * Test mode's pages and control paths (sandbox/test-mode.js holds the logic):
 *
 *   GET  /  (or /sandbox)                 the sandbox page: settings, orders, payouts, faults, delivery log
 *   GET  /pay/aaio/<id>, /pay/morune/<id> a checkout page (the payment URL of Payment → Create)
 *   POST the same paths                   the page's buttons (forms), answered 303 back to the page
 *
 *   GET  /__sandbox/settings | /__sandbox/deliveries | /__sandbox/orders    JSON, for scripts
 *   POST /__sandbox/settings {…}                          merge settings
 *   POST /__sandbox/checkout {provider, id, action, method?, reason?}
 *   POST /__sandbox/deliveries/<n>/(resend|replay|tampered)
 *   POST /__sandbox/payouts/<provider>/<id>/(success|cancel)
 *   POST /__sandbox/faults {fault: lost|slow|5xx|lag|duplicate, provider?, target?: 'payout'}
 *
 * The JSON POSTs answer once the notification they cause has its answer. A POST that another
 * web site makes (Origin or Sec-Fetch-Site not this sandbox) is refused: a page elsewhere cannot
 * pay, resend or register URLs here.
 */

const escape = (value) =>
	String(value ?? '').replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]);

function sendJson(res, status, payload) {
	const body = Buffer.from(JSON.stringify(payload));
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length), 'cache-control': 'no-store' });
	res.end(body);
}

function sendHtml(res, status, html) {
	const body = Buffer.from(html);
	res.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': String(body.length),
		'cache-control': 'no-store',
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
		'x-frame-options': 'DENY',
	});
	res.end(body);
}

function redirect(res, location) {
	res.writeHead(303, { location, 'content-length': '0' });
	res.end();
}

/** Whether a POST comes from this sandbox's own pages or a script (no browser site headers). */
function sameOrigin(req) {
	const site = req.headers['sec-fetch-site'];
	if (site && !['same-origin', 'none'].includes(site)) return false;
	const origin = req.headers.origin;
	return !origin || origin === `http://${req.headers.host}`;
}

/** A form body as an object; `a.b` names become nested objects. */
function formFields(body) {
	const fields = {};
	for (const [name, value] of new URLSearchParams(body)) {
		const [outer, inner] = name.split('.');
		if (inner) (fields[outer] ??= {})[inner] = value;
		else fields[outer] = value;
	}
	return fields;
}

function jsonBody(body) {
	try {
		const parsed = JSON.parse(body || '{}');
		return typeof parsed === 'object' && parsed !== null ? parsed : {};
	} catch {
		return undefined;
	}
}

const PAGE_STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1180px;padding:16px 24px;color:#222}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f6f6;font-weight:600}code,pre{font:12px/1.35 ui-monospace,monospace}pre{white-space:pre-wrap;word-break:break-all;margin:4px 0;background:#f8f8f8;padding:6px}
.ok{color:#0a7a2f;font-weight:600}.bad{color:#b3261e;font-weight:600}.muted{color:#777}.note{background:#fff8d6;padding:8px 12px;border-radius:4px;margin:8px 0}
.problem{background:#fde7e7;padding:8px 12px;border-radius:4px;margin:8px 0}form.inline{display:inline;margin:0}button{margin:2px 4px 2px 0;cursor:pointer}
input[type=text]{width:420px}label{display:block;margin:4px 0}.actions button{font-size:15px;padding:6px 14px}`;

function layout(title, content) {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${PAGE_STYLE}</style></head><body>${content}</body></html>`;
}

function answerCell(answer) {
	if (!answer) return '<span class="muted">sending…</span>';
	if (answer.skipped) return `<span class="muted">${escape(answer.skipped)}</span>`;
	if (answer.error) return `<span class="bad">${escape(answer.error)}</span> <span class="muted">${escape(answer.message)}</span>`;
	const good = answer.status >= 200 && answer.status < 300;
	return `<span class="${good ? 'ok' : 'bad'}" data-answer-status="${answer.status}">HTTP ${answer.status}</span> <span class="muted">${answer.ms} ms</span>`;
}

const postButton = (action, label, name, extra = '') =>
	`<form class="inline" method="post" action="${escape(action)}">${extra}<button type="submit" name="${escape(name ?? 'go')}" data-test="${escape(label.toLowerCase())}">${escape(label)}</button></form>`;

function deliveryRows(mode, filter = () => true) {
	const rows = mode.deliveries
		.filter(filter)
		.slice()
		.reverse()
		.map(
			(entry) => `<tr data-delivery-id="${entry.id}" data-provider="${escape(entry.provider)}" data-event="${escape(entry.event)}" data-variant="${escape(entry.variant)}">
<td>#${entry.id}</td><td>${escape(entry.at.slice(11, 19))}</td><td>${escape(entry.provider)} ${escape(entry.event)}</td>
<td><code>${escape(entry.subject)}</code> → ${escape(entry.status)}</td><td>${escape(entry.variant)}${entry.of ? ` of #${entry.of}` : ''}</td>
<td><code>${escape(entry.url || '—')}</code></td><td>${answerCell(entry.answer)}</td>
<td>${['resend', 'replay', 'tampered'].map((variant) => postButton(`/sandbox/deliveries/${entry.id}/${variant}`, variant[0].toUpperCase() + variant.slice(1))).join('')}
<details><summary>request</summary><pre>${escape(Object.entries(entry.request.headers).map(([name, value]) => `${name}: ${value}`).join('\n'))}\n\n${escape(entry.request.body)}</pre>${entry.answer?.body ? `<div class="muted">answer body</div><pre>${escape(entry.answer.body)}</pre>` : ''}</details></td></tr>`,
		);
	if (rows.length === 0) return '<p class="muted">No deliveries yet.</p>';
	return `<table id="deliveries"><tr><th>#</th><th>UTC</th><th>notification</th><th>order → status</th><th>sent as</th><th>to</th><th>answer</th><th></th></tr>${rows.join('')}</table>
<p class="muted">Resend: sent again as it was (aaio's cabinet offers this for a failed delivery). Replay: the same captured request again, as an attacker would; a trigger that accepted it answers 200 and starts nothing. Tampered: the amount changed after signing; the trigger answers 403 and starts nothing.</p>`;
}

function dashboard(mode, api, flash) {
	const { settings } = mode;
	const aaioOrders = Object.values(api.state.aaio.orders);
	const invoices = api.state.morune.invoices;
	const orderRow = (provider, id, orderId, amount, currency, status, created) =>
		`<tr><td>${provider}</td><td><code>${escape(orderId)}</code></td><td>${escape(amount)} ${escape(currency)}</td><td>${escape(status)}</td><td>${escape(created)}</td><td>${settings.enabled ? `<a href="/pay/${provider}/${escape(id)}">checkout page</a>` : ''}</td></tr>`;
	const payoutRows = [
		...api.state.aaio.payoffs.map((p) => ({ provider: 'aaio', id: p.id, orderId: p.my_id, amount: p.amount, status: p.status, pending: p.status === 'in_process', created: p.date })),
		...api.state.morune.payouts.map((p) => ({ provider: 'morune', id: p.payoff_id, orderId: p.order_id, amount: p.amount, status: p.status, pending: p.status === 'wait', created: p.created_at })),
	]
		.map(
			(p) => `<tr data-payout="${escape(p.id)}"><td>${p.provider}</td><td><code>${escape(p.orderId ?? '')}</code> <span class="muted">${escape(p.id)}</span></td><td>${escape(p.amount)} RUB</td><td data-payout-status>${escape(p.status)}</td><td>${escape(p.created)}</td>
<td>${p.pending ? postButton(`/sandbox/payouts/${p.provider}/${p.id}/success`, 'Complete') + postButton(`/sandbox/payouts/${p.provider}/${p.id}/cancel`, p.provider === 'aaio' ? 'Cancel' : 'Fail') : ''}</td></tr>`,
		)
		.join('');
	const armed = mode.armed();
	const faultButtons = ['aaio', 'morune']
		.map(
			(provider) =>
				`<div>${provider} API, next answer: ${['lost', 'slow', '5xx'].map((fault) => postButton('/sandbox/faults', fault === '5xx' ? 'HTTP 503' : fault === 'lost' ? 'Lost' : 'Slow', 'fault', `<input type="hidden" name="fault" value="${fault}"><input type="hidden" name="provider" value="${provider}">`)).join('')}
— next payout creation: ${postButton('/sandbox/faults', 'Lost (payout made)', 'fault', `<input type="hidden" name="fault" value="lost"><input type="hidden" name="provider" value="${provider}"><input type="hidden" name="target" value="payout">`)}</div>`,
		)
		.join('');
	const url = (provider, name, label) =>
		`<label>${escape(label)}<br><input type="text" name="${provider}.${name}" value="${escape(settings[provider][name])}" placeholder="http://127.0.0.1:5678/webhook/…/webhook"></label>`;
	return layout(
		'aaio and morune sandbox',
		`<h1>aaio and morune sandbox <span class="muted">(fake money, 127.0.0.1 only)</span></h1>
${flash ? `<div class="${flash.problem ? 'problem' : 'note'}" data-test="flash">${escape(flash.problem ?? flash.message)}</div>` : ''}
${settings.enabled ? '' : '<div class="problem">Test mode is off: payment URLs point at the real providers and nothing is delivered. Tick "Test mode" below.</div>'}
<div class="note">The loop: in n8n, run <b>Payment → Create</b> on an aaio or morune node; open its <code>paymentUrl</code>; press <b>Pay</b>. The sandbox sends the notification to the URL registered below (with <code>npm start</code>: the "Payment received" workflow's triggers), and the delivery log shows the answer. Payouts made with <b>Payout → Create</b> succeed after a few seconds and are notified the same way. <a href="/sandbox">Reload</a></div>
<h2>Where notifications go</h2>
<form method="post" action="/sandbox/settings">
<label><input type="checkbox" name="enabled" ${settings.enabled ? 'checked' : ''}> Test mode (checkout pages, notifications, payouts moving)</label>
${url('aaio', 'notificationUrl', "aaio: the shop's notification URL (payments)")}
${url('aaio', 'payoutUrl', "aaio: the account's payout notification URL (a payout's webhook_url wins)")}
${url('morune', 'paymentUrl', "morune: the shop's webhook URL (an invoice's hook_url wins)")}
${url('morune', 'payoutUrl', "morune: the account's payout webhook URL (a payout's hook_url wins)")}
<label>Payouts stay pending for <input type="number" name="payouts.seconds" min="0" max="3600" value="${escape(settings.payouts.seconds)}"> seconds, then
<select name="payouts.outcome">${['success', 'cancel', 'manual'].map((o) => `<option value="${o}" ${settings.payouts.outcome === o ? 'selected' : ''}>${{ success: 'succeed', cancel: 'are cancelled (aaio) / fail (morune)', manual: 'stay pending until you decide' }[o]}</option>`).join('')}</select></label>
<label><input type="checkbox" name="publicShapes" ${settings.publicShapes ? 'checked' : ''}> Answer in the shapes public clients show (aaio errors <code>{"type":"fail","code":"400"}</code>, balance <code>referal</code>; morune tariffs in snake_case, without a lower limit, under moderation)</label>
<input type="hidden" name="submitted" value="1"><button type="submit">Save</button></form>
<h2>Orders</h2>
<table><tr><th></th><th>order ID</th><th>amount</th><th>status (as the lookup says)</th><th>created (Moscow time)</th><th></th></tr>
${aaioOrders.map((o) => orderRow('aaio', o.id, o.order_id, o.amount, o.currency, o.status, o.date)).join('')}
${invoices.map((i) => orderRow('morune', i.invoice_id, i.order_id, i.invoice_amount, i.currency, i.status, i.created_at)).join('')}</table>
<h2>Payouts</h2>
<table><tr><th></th><th>your ID, provider ID</th><th>amount</th><th>status</th><th>created (Moscow time)</th><th></th></tr>${payoutRows}</table>
<h2>Faults on demand</h2>
${faultButtons}
<div>Notifications: ${postButton('/sandbox/faults', 'Lagging record', 'fault', '<input type="hidden" name="fault" value="lag">')} (the next state change reaches the lookup 15 s late: a notification confirmed with the provider meanwhile is refused, then a resend is accepted)
${postButton('/sandbox/faults', 'Duplicate delivery', 'fault', '<input type="hidden" name="fault" value="duplicate">')} (the next notification arrives twice at once: one execution)</div>
<p>${armed.length ? `Armed: ${armed.map(escape).join('; ')}` : '<span class="muted">No fault armed.</span>'}</p>
<h2>Delivery log</h2>
${deliveryRows(mode)}
${outbox(api)}`,
	);
}

/** The emails n8n sent to the sandbox's SMTP server, newest first, with their links. */
function outbox(api) {
	if (!api.mailbox) return '';
	const rows = api.mailbox.messages
		.slice()
		.reverse()
		.map(
			(m, index) => `<tr data-mail="${api.mailbox.messages.length - index}"><td>${escape(m.at.slice(11, 19))}</td><td>${escape(m.to)}</td><td>${escape(m.subject)}</td>
<td>${m.links.filter((link) => /^https?:\/\//i.test(link.url)).map((link) => `<a href="${escape(link.url)}" data-test="mail-link" target="_blank" rel="noopener">${escape(link.label || link.url)}</a>`).join(' ')}<details><summary>text</summary><pre>${escape(m.text)}</pre></details></td></tr>`,
		);
	return `<h2>Outbox <span class="muted">(emails n8n sent to the sandbox's SMTP server, 127.0.0.1:${api.mailbox.port})</span></h2>
${rows.length ? `<table><tr><th>UTC</th><th>to</th><th>subject</th><th>links</th></tr>${rows.join('')}</table>` : '<p class="muted">No emails yet.</p>'}`;
}

function checkoutPage(mode, provider, order, flash) {
	const isAaio = provider === 'aaio';
	const id = isAaio ? order.id : order.invoice_id;
	const amount = isAaio ? order.amount : order.invoice_amount;
	const method = isAaio ? order.method : order.pay_service;
	const status = order.status;
	const open = isAaio ? status === 'in_process' : status === 'created';
	const action = `/pay/${provider}/${escape(id)}`;
	const methods = mode
		.methods(provider)
		.map((m) => `<option value="${escape(m.code)}" ${m.code === method ? 'selected' : ''}>${escape(m.name)} (${escape(m.code)})</option>`)
		.join('');
	const buttons = open
		? `<form method="post" action="${action}" class="actions"><label>Method <select name="method">${methods}</select></label>
<button type="submit" name="action" value="pay" data-test="pay">Pay</button>
${isAaio ? '<button type="submit" name="action" value="hold" data-test="pay-hold">Pay (money held)</button>' : ''}
<button type="submit" name="action" value="fail" data-test="fail">Fail</button>
<button type="submit" name="action" value="expire" data-test="expire">Let expire</button></form>`
		: !isAaio && status === 'success'
			? `<form method="post" action="${action}" class="actions"><label>Reason <input type="text" name="reason" value="Возврат по запросу магазина"></label><button type="submit" name="action" value="refund" data-test="refund">Refund</button></form>`
			: '<p class="muted">Nothing more to do with this order.</p>';
	const mine = (entry) => entry.provider === provider && entry.event === 'payment' && entry.subject === order.order_id;
	return layout(
		`Checkout ${order.order_id}`,
		`<h1>${isAaio ? 'aaio' : 'morune'} checkout <span class="muted">(sandbox: no money moves)</span></h1>
${flash ? `<div class="${flash.problem ? 'problem' : 'note'}" data-test="flash">${escape(flash.problem ?? flash.message)}</div>` : ''}
<table><tr><th>Order ID</th><td><code data-test="order-id">${escape(order.order_id)}</code></td></tr>
<tr><th>${isAaio ? 'aaio order' : 'morune invoice'}</th><td><code>${escape(id)}</code></td></tr>
<tr><th>Amount</th><td data-test="amount">${escape(amount)} ${escape(order.currency)}</td></tr>
<tr><th>Method</th><td>${escape(method ?? 'the customer chooses')}</td></tr>
${order.desc ? `<tr><th>Description</th><td>${escape(order.desc)}</td></tr>` : ''}
<tr><th>Status</th><td data-test="status">${escape(status)}</td></tr></table>
${buttons}
<h2>Notifications of this order</h2>
${deliveryRows(mode, mine)}
<p><a href="/sandbox">The sandbox page</a> (settings, payouts, faults, every delivery)</p>`,
	);
}

/** Serves a test-mode path; false when the path is not one. */
async function handle(mode, req, res, url, body) {
	const path = url.pathname;
	const api = mode.api;
	const isPage = path === '/' || path === '/sandbox' || path.startsWith('/sandbox/') || path.startsWith('/pay/');
	const isControl = ['/__sandbox/settings', '/__sandbox/deliveries', '/__sandbox/orders', '/__sandbox/checkout', '/__sandbox/faults', '/__sandbox/mail'].includes(path) ||
		/^\/__sandbox\/(deliveries|payouts)\//.test(path);
	if (!isPage && !isControl) return false;

	if (req.method === 'POST' && !sameOrigin(req)) {
		sendJson(res, 403, { error: 'refused: a request from another site' });
		return true;
	}

	if (isControl) {
		const input = req.method === 'POST' ? jsonBody(body) : {};
		if (input === undefined) return sendJson(res, 400, { error: 'the body is not JSON' }), true;
		const answer = async (result) => {
			if (result.problem) return sendJson(res, 409, { error: result.problem });
			const delivery = result.sending ? await result.sending : undefined;
			return sendJson(res, 200, { ok: true, message: result.message, delivery });
		};
		if (path === '/__sandbox/settings') {
			if (req.method !== 'POST') return sendJson(res, 200, mode.settings), true;
			const problems = mode.configure(input);
			sendJson(res, problems.length ? 400 : 200, problems.length ? { error: problems.join('; '), settings: mode.settings } : mode.settings);
			return true;
		}
		if (path === '/__sandbox/deliveries') return sendJson(res, 200, mode.deliveries), true;
		if (path === '/__sandbox/mail') return sendJson(res, 200, api.mailbox?.messages ?? []), true;
		if (path === '/__sandbox/orders') {
			sendJson(res, 200, { aaio: Object.values(api.state.aaio.orders), morune: api.state.morune.invoices, payouts: { aaio: api.state.aaio.payoffs, morune: api.state.morune.payouts } });
			return true;
		}
		if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' }), true;
		if (path === '/__sandbox/checkout') {
			if (!['aaio', 'morune'].includes(input.provider)) return sendJson(res, 400, { error: 'provider: aaio or morune' }), true;
			const order = input.id ? mode.findOrder(input.provider, input.id) : findByOrderId(api, input.provider, input.orderId);
			await answer(order ? mode.checkout(input.provider, input.provider === 'aaio' ? order.id : order.invoice_id, input.action, input) : { problem: `no ${input.provider} order ${input.id ?? input.orderId}` });
			return true;
		}
		if (path === '/__sandbox/faults') return await answer(mode.arm(input.fault, input.provider, input.target)), true;
		let match = /^\/__sandbox\/deliveries\/(\d+)\/(\w+)$/.exec(path);
		if (match) return await answer(mode.resend(match[1], match[2])), true;
		match = /^\/__sandbox\/payouts\/(aaio|morune)\/([^/]+)\/(\w+)$/.exec(path);
		if (match) return await answer(mode.finishPayout(match[1], decodeURIComponent(match[2]), match[3])), true;
		return sendJson(res, 404, { error: 'unknown sandbox control path' }), true;
	}

	// --- pages -------------------------------------------------------------------------------
	const checkout = /^\/pay\/(aaio|morune)\/([^/]+)$/.exec(path);
	if (req.method === 'GET') {
		if (path === '/' || path === '/sandbox') return sendHtml(res, 200, dashboard(mode, api, takeFlash(mode, 'sandbox'))), true;
		if (checkout) {
			const [, provider, id] = checkout;
			const order = mode.settings.enabled ? mode.findOrder(provider, decodeURIComponent(id)) : undefined;
			if (!order) return sendHtml(res, 404, layout('Not found', '<h1>No such order in the sandbox</h1><p><a href="/sandbox">The sandbox page</a></p>')), true;
			return sendHtml(res, 200, checkoutPage(mode, provider, order, takeFlash(mode, path))), true;
		}
		return sendHtml(res, 404, layout('Not found', '<h1>Not found</h1>')), true;
	}
	if (req.method !== 'POST') return sendHtml(res, 405, layout('Not allowed', '<h1>Method not allowed</h1>')), true;
	const fields = formFields(body);
	if (checkout) {
		const [, provider, id] = checkout;
		const result = mode.settings.enabled
			? mode.checkout(provider, decodeURIComponent(id), fields.action, { method: fields.method, reason: fields.reason })
			: { problem: 'Test mode is off' };
		const delivery = result.sending ? await result.sending : undefined;
		mode.flash.set(path, result.problem ? result : { message: `${result.message}${delivery ? ` Notification #${delivery.id}: ${describe(delivery.answer)}.` : ''}` });
		return redirect(res, path), true;
	}
	let result;
	if (path === '/sandbox/settings') {
		const problems = mode.configure({ ...fields, enabled: fields.enabled === 'on', publicShapes: fields.publicShapes === 'on' });
		result = problems.length ? { problem: problems.join('; ') } : { message: 'Saved.' };
	} else if (path === '/sandbox/faults') {
		result = mode.arm(fields.fault, fields.provider, fields.target);
	} else {
		let match = /^\/sandbox\/deliveries\/(\d+)\/(\w+)$/.exec(path);
		if (match) result = mode.resend(match[1], match[2]);
		match = /^\/sandbox\/payouts\/(aaio|morune)\/([^/]+)\/(\w+)$/.exec(path);
		if (match) result = mode.finishPayout(match[1], decodeURIComponent(match[2]), match[3]);
	}
	if (!result) return sendHtml(res, 404, layout('Not found', '<h1>Not found</h1>')), true;
	const delivery = result.sending ? await result.sending : undefined;
	mode.flash.set('sandbox', result.problem ? result : { message: delivery ? `Notification #${delivery.id} (${delivery.variant}): ${describe(delivery.answer)}.` : result.message });
	return redirect(res, '/sandbox'), true;
}

function describe(answer) {
	if (!answer) return 'sending';
	if (answer.skipped) return answer.skipped;
	if (answer.error) return `${answer.error} (${answer.message})`;
	return `HTTP ${answer.status}`;
}

function takeFlash(mode, key) {
	const flash = mode.flash.get(key);
	mode.flash.delete(key);
	return flash;
}

function findByOrderId(api, provider, orderId) {
	if (provider === 'aaio') return api.state.aaio.orders[orderId];
	if (provider === 'morune') return api.state.morune.invoices.find((invoice) => invoice.order_id === orderId);
	return undefined;
}

module.exports = { handle, escape };
