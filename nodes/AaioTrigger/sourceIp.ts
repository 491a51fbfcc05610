import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/** The address aaio's docs give, used when the published list cannot be fetched. */
export const AAIO_FALLBACK_IPS = ['91.107.204.74'];

const CACHE_MS = 10 * 60 * 1000;
const cache = new Map<string, { ips: string[]; until: number }>();

/** aaio's notification addresses (GET /api/public/ips), fetched at most every 10 minutes. */
export async function aaioNotificationIps(context: IWebhookFunctions, baseUrl: string): Promise<string[]> {
	const cached = cache.get(baseUrl);
	if (cached && cached.until > Date.now()) return cached.ips;
	let ips = AAIO_FALLBACK_IPS;
	try {
		const answer = (await context.helpers.httpRequest({
			method: 'GET',
			url: `${baseUrl}/api/public/ips`,
			headers: { Accept: 'application/json' },
			json: true,
			timeout: 5_000,
		})) as IDataObject;
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
 * The sender's address: the connection's, or, behind a proxy the user trusts, the first
 * address of the header they named (X-Forwarded-For, X-Real-IP, CF-Connecting-IP …).
 */
export function senderIp(context: IWebhookFunctions, trustedHeader: string): string {
	const request = context.getRequestObject();
	const header = trustedHeader.trim().toLowerCase();
	const value = header ? context.getHeaderData()[header] : undefined;
	const raw = header
		? String(Array.isArray(value) ? value[0] : (value ?? '')).split(',')[0]
		: (request.socket?.remoteAddress ?? request.ip ?? '');
	return raw.trim().replace(/^::ffff:/, '');
}
