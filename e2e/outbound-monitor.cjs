'use strict';
/**
 * Preloaded into every n8n process of the end-to-end test (NODE_OPTIONS=--require …): records
 * each attempt to reach a host that is not loopback — DNS look-ups and TCP connections — as one
 * JSON line in the file named by E2E_OUTBOUND_LOG. It changes nothing: the attempt goes on as it
 * would (and fails, on this closed network). The test then asserts the file stayed empty, which
 * shows that n8n, with the settings the test gives it, calls nothing outside the machine.
 */
const fs = require('node:fs');
const dns = require('node:dns');
const net = require('node:net');

const logFile = process.env.E2E_OUTBOUND_LOG;
if (logFile) {
	const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|0\.0\.0\.0|::)$/i;
	const record = (kind, target) => {
		try {
			const stack = new Error().stack.split('\n').slice(3, 9).map((l) => l.trim());
			fs.appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, kind, target, argv: process.argv.slice(1, 3), stack })}\n`);
		} catch {
			/* never break the process being watched */
		}
	};
	const isOutside = (host) => typeof host === 'string' && host !== '' && !LOOPBACK.test(host.replace(/^\[|\]$/g, ''));

	const wrapLookup = (original, kind) =>
		function (hostname, ...rest) {
			if (isOutside(hostname)) record(kind, hostname);
			return original.call(this, hostname, ...rest);
		};
	dns.lookup = wrapLookup(dns.lookup, 'dns.lookup');
	for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny']) {
		if (typeof dns[name] === 'function') dns[name] = wrapLookup(dns[name], `dns.${name}`);
		if (typeof dns.promises?.[name] === 'function') dns.promises[name] = wrapLookup(dns.promises[name], `dns.promises.${name}`);
	}
	if (typeof dns.promises?.lookup === 'function') dns.promises.lookup = wrapLookup(dns.promises.lookup, 'dns.promises.lookup');

	const originalConnect = net.Socket.prototype.connect;
	net.Socket.prototype.connect = function (...args) {
		try {
			let options = args[0];
			if (Array.isArray(options)) options = options[0];
			let host;
			let port;
			if (options && typeof options === 'object') {
				if (!options.path) {
					host = options.host ?? 'localhost';
					port = options.port;
				}
			} else if (typeof options === 'number' || /^\d+$/.test(String(options))) {
				port = options;
				host = typeof args[1] === 'string' ? args[1] : 'localhost';
			}
			if (isOutside(host)) record('net.connect', `${host}:${port}`);
		} catch {
			/* ignore */
		}
		return originalConnect.apply(this, args);
	};
}
