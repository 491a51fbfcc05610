import { entityItems } from '../../../shared/output';
import { operationRouting, resourceProperties } from '../../../shared/operation';
import { listEntries } from '../../../shared/shape';
import { SBP_BANK } from '../../entities';
import { morune, userIdIn } from '../../provider';

/** SBP Bank → Get Many: the banks an SBP payout can go to (`GET /payoff/get-sbp-bank-list`). */
export const sbpBankDescription = resourceProperties('sbpBank', [
	{
		option: {
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many SBP banks (read only, free)',
			description: 'Get the banks an SBP payout can go to, one item per bank',
			routing: operationRouting(morune, {
				request: { method: 'GET', url: '/payoff/get-sbp-bank-list' },
				fromCredentials: userIdIn('qs'),
				output: entityItems(morune, { table: SBP_BANK, at: 'data.banks', entries: listEntries }),
			}),
		},
	},
]);
