import { entityItems } from '../../../shared/output';
import type { Operation } from '../../../shared/operation';
import { operationRouting } from '../../../shared/operation';
import { codedEntries } from '../../../shared/shape';
import { PAYOUT_METHOD } from '../../entities';
import { aaio } from '../../provider';

/** Payout → Get Methods (`/api/methods-payoff`): one item per payout method, limits in RUB. */
export const getMethods: Operation = {
	option: {
		name: 'Get Methods',
		value: 'getMethods',
		action: 'Get payout methods (read only, free)',
		description: 'Get the payout methods open to your account, one item per method',
		routing: operationRouting(aaio, {
			request: { method: 'POST', url: '/api/methods-payoff' },
			output: entityItems(aaio, { table: PAYOUT_METHOD, at: 'list', entries: codedEntries }),
		}),
	},
};
