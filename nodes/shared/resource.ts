import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * One operation of a resource, as its file under `resources/<resource>/` defines it: the option
 * (name, action, description and routing: its checks and output) and its fields. The fields
 * need no displayOptions for their resource and operation: `resourceProperties` adds them.
 */
export interface Operation {
	option: INodePropertyOptions & { value: string };
	fields?: INodeProperties[];
}

/** A resource's Operation property and the fields of its operations, shown for each operation. */
export function resourceProperties(resource: string, operations: Operation[]): INodeProperties[] {
	const first = operations[0].option.value;
	const operation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations.map(({ option }) => option).sort((a, b) => a.name.localeCompare(b.name)),
		default: first,
	};
	const fields = operations.flatMap(({ option, fields: own = [] }) =>
		own.map(
			(field): INodeProperties => ({
				...field,
				displayOptions: {
					...field.displayOptions,
					show: { resource: [resource], operation: [option.value], ...field.displayOptions?.show },
				},
			}),
		),
	);
	return [operation, ...fields];
}
