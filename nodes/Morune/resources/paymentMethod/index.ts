import type { INodeProperties } from 'n8n-workflow';

import { entityItems } from '../../../shared/output';
import { operationRouting, resourceProperties } from '../../../shared/operation';
import { listEntries } from '../../../shared/shape';
import { PAYMENT_METHOD, tariffEntry } from '../../entities';
import { morune, SHOP_NEEDS } from '../../provider';

/** Payment Method → Get Many: the shop's payment tariffs (`GET /shops/{shopId}/payment-tariffs`). */
export const paymentMethodDescription = resourceProperties('paymentMethod', [
	{
		option: {
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many payment methods (read only, free)',
			description: "Get the shop's payment methods with their fees and limits, one item per method",
			routing: operationRouting(morune, {
				request: { method: 'GET' },
				fromCredentials: (credentials) => ({
					url: `/shops/${encodeURIComponent(String(credentials.shopId))}/payment-tariffs`,
				}),
				needs: SHOP_NEEDS,
				output: entityItems(morune, {
					table: PAYMENT_METHOD,
					at: 'data.tariffs',
					entries: (list) => listEntries(list)?.map(tariffEntry),
					keep: (context) => (context.getNodeParameter('enabledOnly', false) ? (item) => item.enabled === true : undefined),
				}),
			}),
		},
	},
]);

/** Payment Method → Get Many's filter, which needs Simplify: listed after it. */
export const enabledOnlyProperty: INodeProperties = {
	displayName: 'Enabled Only',
	name: 'enabledOnly',
	type: 'boolean',
	default: false,
	displayOptions: { show: { resource: ['paymentMethod'], operation: ['getAll'], simplify: [true] } },
	description: 'Whether to return only the methods that are enabled on the shop',
};
