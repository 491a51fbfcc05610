import type { INodeProperties } from 'n8n-workflow';

import { userIdIn } from '../provider';
import { moruneRouting } from '../routing';
import { dataList, SBP_BANK } from '../shape';

/** SBP Bank → Get Many: GET /payoff/get-sbp-bank-list, an account endpoint. */
export const sbpBankDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sbpBank'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many SBP banks',
				description: 'Get the banks SBP payouts can go to, one item per bank',
				routing: moruneRouting({
					request: { method: 'GET', url: '/payoff/get-sbp-bank-list' },
					fromCredentials: userIdIn('qs'),
					shape: dataList('banks', SBP_BANK),
				}),
			},
		],
		default: 'getAll',
	},
];
