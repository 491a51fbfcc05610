import type { IExecuteSingleFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { SHOP_NEEDS } from '../provider';
import { moruneRouting } from '../routing';
import { dataList, TARIFF } from '../shape';

/** With Simplify and Enabled Only on, drops the tariffs whose status is not "enabled". */
async function keepEnabledTariffs(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const enabledOnly =
		(this.getNodeParameter('simplify', true) as boolean) &&
		(this.getNodeParameter('enabledOnly', false) as boolean);
	return enabledOnly ? items.filter((item) => item.json.status === 'enabled') : items;
}

/** Payment Tariff → Get Many: GET /shops/{shop_id}/payment-tariffs, a shop endpoint. */
export const paymentTariffDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentTariff'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many payment tariffs',
				description: "Get the shop's payment methods with their fees and limits, one item per method",
				routing: moruneRouting({
					request: { method: 'GET' },
					fromCredentials: (credentials) => ({
						url: `/shops/${encodeURIComponent(String(credentials.shopId))}/payment-tariffs`,
					}),
					needs: SHOP_NEEDS,
					shape: dataList('tariffs', TARIFF),
					after: [keepEnabledTariffs],
				}),
			},
		],
		default: 'getAll',
	},
];

/** Payment Tariff → Get Many's filter, which needs Simplify: listed after it. */
export const enabledOnlyProperty: INodeProperties = {
	displayName: 'Enabled Only',
	name: 'enabledOnly',
	type: 'boolean',
	default: false,
	displayOptions: {
		show: { resource: ['paymentTariff'], operation: ['getAll'], simplify: [true] },
	},
	description: 'Whether to return only the tariffs that are enabled on the shop',
};
