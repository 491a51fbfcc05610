import { balanceProperties } from '../../shared/balance';
import { morune, normalizeMoruneBalance } from '../provider';

/** Balance → Get: GET /account/users/{userId}/balance, the user ID taken from the credential. */
export const balanceDescription = balanceProperties(
	morune,
	{ method: 'GET', url: '=/account/users/{{ encodeURIComponent($credentials.userId) }}/balance' },
	normalizeMoruneBalance,
);
