'use strict';
/**
 * The sandbox's outbox: a minimal SMTP server on 127.0.0.1 that accepts every message n8n's
 * Send Email node sends (no TLS, no login: loopback only) and keeps it, so that the examples'
 * emails (the payout approval that n8n's send-and-wait sends, the daily balance report) can be
 * read on the sandbox page, and their Approve / Disapprove links followed, without a mail account.
 *
 *   const mailbox = await startMailbox();   // { port, messages: [{ at, from, to, subject, html, text, links }], close() }
 */
const net = require('node:net');

const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_MESSAGES = 200;

/** Quoted-printable (RFC 2045) to text. */
function decodeQuotedPrintable(text) {
	const bytes = [];
	const input = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < input.length; i++) {
		if (input[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(input.slice(i + 1, i + 3))) {
			bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(input[i], 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

/** An RFC 2047 header (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) to text. */
function decodeHeader(value = '') {
	return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_, charset, encoding, data) =>
		encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
	);
}

/** Splits a MIME entity into its headers (lower-case names, unfolded) and its body. */
function splitEntity(raw) {
	const at = raw.search(/\r?\n\r?\n/);
	const head = at === -1 ? raw : raw.slice(0, at);
	const body = at === -1 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
	const headers = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return { headers, body };
}

function decodeBody({ headers, body }) {
	const encoding = String(headers['content-transfer-encoding'] ?? '').toLowerCase();
	if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
	if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	return body;
}

/** The text/html and text/plain parts of a message (one level of multipart is enough here). */
function parts(entity) {
	const type = String(entity.headers['content-type'] ?? 'text/plain');
	const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
	if (!/^multipart\//i.test(type) || !boundary) return [{ type: type.split(';')[0].toLowerCase(), text: decodeBody(entity) }];
	return entity.body
		.split(`--${boundary}`)
		.slice(1)
		.filter((chunk) => !chunk.startsWith('--'))
		.flatMap((chunk) => parts(splitEntity(chunk.replace(/^\r?\n/, ''))));
}

const unescapeHtml = (text) =>
	text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]);

function parseMessage(raw, envelope) {
	const entity = splitEntity(raw);
	const all = parts(entity);
	const html = all.find((part) => part.type === 'text/html')?.text ?? '';
	const plain = all.find((part) => part.type === 'text/plain')?.text ?? '';
	const links = [];
	for (const match of html.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gi)) {
		links.push({ url: unescapeHtml(match[1]), label: unescapeHtml(match[2].replace(/<[^>]+>/g, '').trim()) });
	}
	const rendered = unescapeHtml(html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, ' '));
	const text = (plain || rendered).replace(/\r\n?/g, '\n').replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
	return {
		at: new Date().toISOString(),
		from: decodeHeader(entity.headers.from) || envelope.from,
		to: decodeHeader(entity.headers.to) || envelope.to.join(', '),
		subject: decodeHeader(entity.headers.subject),
		text,
		links,
	};
}

async function startMailbox({ port = 0, host = '127.0.0.1' } = {}) {
	const messages = [];
	const server = net.createServer((socket) => {
		let buffer = '';
		let inData = false;
		let envelope = { from: '', to: [] };
		const reply = (line) => socket.write(`${line}\r\n`);
		reply('220 sandbox.local ESMTP sandbox outbox');
		socket.setEncoding('utf8');
		socket.setTimeout(60_000, () => socket.destroy());
		socket.on('error', () => {});
		socket.on('data', (chunk) => {
			buffer += chunk;
			if (buffer.length > MAX_MESSAGE_BYTES) {
				reply('552 message too large');
				socket.destroy();
				return;
			}
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end === -1) return;
					const raw = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
					buffer = buffer.slice(end + 5);
					inData = false;
					messages.push(parseMessage(raw, envelope));
					if (messages.length > MAX_MESSAGES) messages.shift();
					envelope = { from: '', to: [] };
					reply('250 OK: kept in the sandbox outbox');
					continue;
				}
				const end = buffer.indexOf('\r\n');
				if (end === -1) return;
				const line = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') reply('250-sandbox.local\r\n250-8BITMIME\r\n250 SMTPUTF8');
				else if (verb === 'HELO') reply('250 sandbox.local');
				else if (verb === 'MAIL') {
					envelope.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					reply('250 OK');
				} else if (verb === 'RCPT') {
					envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 OK');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'RSET') {
					envelope = { from: '', to: [] };
					reply('250 OK');
				} else if (verb === 'NOOP') reply('250 OK');
				else if (verb === 'QUIT') {
					reply('221 Bye');
					socket.end();
					return;
				} else reply('502 Command not implemented');
			}
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	return {
		port: server.address().port,
		messages,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startMailbox, parseMessage, decodeQuotedPrintable };
