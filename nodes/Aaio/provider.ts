import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { readAmounts, readCurrency } from '../shared/balance';
import { sumAmounts, toAmount } from '../shared/money';
import type { BalanceApi, NormalizedBalance } from '../shared/balance';
import type { Simplified } from '../shared/shape';
import { findBaseUrlProblem, findSecretProblem } from '../shared/provider';
import type { Provider } from '../shared/provider';
import type { CredentialNeed } from '../shared/operation';

export const aaio: Provider = {
	name: 'aaio',
	credentialType: 'aaioApi',
	timeZone: '+03:00',
	defaultBaseUrl: 'https://aaio.so',
	formBodies: true,
	credentialDisplayName: 'Aaio API',
	secretFields: ['apiKey', 'secretKey1', 'secretKey2', 'payoutSecret'],
	credentialHint:
		'Create or copy the API key on aaio.so/business/api/keys and give it the permissions the operation needs.',

	// Only what every operation uses. The optional fields are checked by the operations that
	// need them (`needs`), so that a stray space in, say, Secret Key 2 cannot block a balance check.
	findCredentialProblem(credentials: ICredentialDataDecryptedObject) {
		return (
			findSecretProblem(aaio, 'API key', credentials.apiKey) ??
			findBaseUrlProblem(aaio, credentials.baseUrl)
		);
	},

	// aaio answers {"type":"success", ...} or {"type":"error"|"fail", "code": ..., "message": ...},
	// with HTTP 200 as well as with an error status.
	readBodyError(body: IDataObject) {
		if (body.type === 'success') return undefined;
		const message =
			typeof body.message === 'string' && body.message !== ''
				? body.message
				: `the answer's type is "${String(body.type)}", not "success"`;
		const code = toAmount(body.code);
		return { message, code: code !== undefined && Number.isInteger(code) ? code : undefined };
	},
};

/**
 * aaio for `/api/public/ips`, which its docs show answering `{"list": [...]}` without the
 * `type` every other answer has (the SDKs expect `"type": "success"`): both are a success.
 */
export const aaioPublicList: Provider = {
	...aaio,
	readBodyError(body: IDataObject) {
		if (body.type === undefined && Array.isArray(body.list)) return undefined;
		return aaio.readBodyError(body);
	},
};

/** The optional credential fields, as operations name them in their `needs`. */
export const NEEDS = {
	merchantId: { field: 'merchantId', label: 'Merchant ID' },
	secretKey1: { field: 'secretKey1', label: 'Secret Key 1' },
} satisfies Record<string, CredentialNeed>;

/**
 * aaio's balance: `balance` is available, `hold` is frozen, `referral` the referral balance
 * (spelt `referal` in an older example of aaio's docs: read when `referral` is missing).
 */
export function normalizeAaioBalance(
	body: IDataObject,
	{ checkedAt }: { checkedAt: string },
): Simplified {
	const source = body.referral === undefined && body.referal !== undefined ? { ...body, referral: body.referal } : body;
	const read = readAmounts(source, ['balance', 'hold', 'referral'] as const);
	if ('missing' in read) return read;
	const { balance, hold, referral } = read.amounts;
	const currency = readCurrency(body.currency, 'RUB');
	if (currency === undefined) return { missing: 'currency' };
	const item: NormalizedBalance = {
		provider: 'aaio',
		currency,
		available: balance,
		frozen: hold,
		referral,
		total: sumAmounts(balance, hold, referral),
		checkedAt,
	};
	return { item };
}

/** aaio's balance: POST /api/balance (aaio's SDKs use POST; the API also accepts GET). */
export const aaioBalanceApi: BalanceApi = {
	provider: aaio,
	method: 'POST',
	path: () => '/api/balance',
	normalize: normalizeAaioBalance,
};
