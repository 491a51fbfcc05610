import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { aaioPublicList } from '../Aaio/provider';
import { baseUrlOf, callProvider } from '../shared/transport';
import type { TransportContext } from '../shared/transport';

/** The address aaio's docs give, used when the published list cannot be fetched. */
export const AAIO_FALLBACK_IPS = ['91.107.204.74'];

const CACHE_MS = 10 * 60 * 1000;
const cache = new Map<string, { ips: string[]; until: number }>();

/**
 * aaio's notification addresses (GET /api/public/ips, a public endpoint: no key is sent),
 * fetched through the one transport at most every 10 minutes.
 */
export async function aaioNotificationIps(
	context: IWebhookFunctions,
	credentials: ICredentialDataDecryptedObject,
): Promise<string[]> {
	const baseUrl = baseUrlOf(credentials);
	const cached = cache.get(baseUrl);
	if (cached && cached.until > Date.now()) return cached.ips;
	let ips = AAIO_FALLBACK_IPS;
	try {
		const answer = await callProvider(
			context as unknown as TransportContext,
			aaioPublicList,
			() => ({ method: 'GET', url: '/api/public/ips' }),
			{ credentials, authenticate: false, timeoutMs: 5_000 },
		);
		const list = Array.isArray(answer?.list) ? answer.list.filter((ip) => typeof ip === 'string') : [];
		if (list.length > 0) ips = list as string[];
	} catch (error) {
		context.logger.warn(
			`Could not fetch aaio's notification IPs from ${baseUrl}; using ${AAIO_FALLBACK_IPS.join(', ')}: ${(error as Error).message}`,
		);
	}
	cache.set(baseUrl, { ips, until: Date.now() + CACHE_MS });
	return ips;
}

/**
 * The sender's address as n8n sees it: the request's `ip`, which Express derives from the
 * connection and, when n8n's N8N_PROXY_HOPS is set, from that many trusted proxies' entries
 * of X-Forwarded-For, read from the right (the entries a sender writes itself stay on the
 * left, beyond the trusted hops). No header is read here: nothing the sender writes can pass.
 */
export function senderIp(context: IWebhookFunctions): string {
	const request = context.getRequestObject();
	const raw = request.ip ?? request.socket?.remoteAddress ?? '';
	return raw.trim().replace(/^::ffff:/, '');
}
