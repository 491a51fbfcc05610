import { balanceProperties } from '../../shared/balance';
import { aaio, normalizeAaioBalance } from '../provider';

/** Balance → Get: POST /api/balance (aaio's SDKs use POST; the API also accepts GET). */
export const balanceDescription = balanceProperties(
	aaio,
	{ method: 'POST', url: '/api/balance' },
	normalizeAaioBalance,
);
