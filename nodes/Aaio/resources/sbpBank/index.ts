import { entityItems } from '../../../shared/output';
import { operationRouting, resourceProperties } from '../../../shared/operation';
import { listEntries } from '../../../shared/shape';
import { SBP_BANK } from '../../entities';
import { aaio } from '../../provider';

/** SBP Bank → Get Many: the banks an SBP payout can go to (`/api/sbp-banks-payoff`). */
export const sbpBankDescription = resourceProperties('sbpBank', [
	{
		option: {
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many SBP banks (read only, free)',
			description: 'Get the banks an SBP payout can go to, one item per bank',
			routing: operationRouting(aaio, {
				request: { method: 'POST', url: '/api/sbp-banks-payoff' },
				output: entityItems(aaio, { table: SBP_BANK, at: 'list', entries: listEntries }),
			}),
		},
	},
]);
