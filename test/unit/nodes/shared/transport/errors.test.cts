import { NodeApiError } from 'n8n-workflow';

import {
	describeErrorBody,
	errorCode,
	MaiAgentHttpFailure,
	toNodeApiError,
} from '../../../../../nodes/shared/transport/errors';
import { retryDelay } from '../../../../../nodes/shared/transport/retry';
import { maiAgentNode } from '../../../../helpers/node.cts';

const node = maiAgentNode;

describe('errors', () => {
	it('describes DRF bodies: detail, field maps, JSON in buffers', () => {
		expect(describeErrorBody({ detail: 'Not found.' })).toBe('Not found.');
		expect(
			describeErrorBody({ content: ['This field is required.'], webChat: ['Invalid pk.'] }),
		).toBe('content: This field is required.; webChat: Invalid pk.');
		expect(describeErrorBody(Buffer.from('{"detail":"Invalid API key."}'))).toBe(
			'Invalid API key.',
		);
		expect(describeErrorBody({ non_field_errors: ['Bad.'] })).toBe('Bad.');
	});

	it('summarises a body that is not JSON (a proxy page) as status text and a plain excerpt', () => {
		const page =
			'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
		const error = toNodeApiError(node, new MaiAgentHttpFailure(502, Buffer.from(page), {}), {
			operation: 'Get a conversation',
		});
		expect(error.message).toBe('Get a conversation failed: MaiAgent answered 502 Bad Gateway');
		expect(describeErrorBody('<div><p>Upstream   timed\nout</p><script>x()</script></div>')).toBe(
			'Upstream timed out',
		);
		const long = describeErrorBody(`<p>${'word '.repeat(100)}</p>`)!;
		expect(long.length).toBeLessThanOrEqual(120);
		expect(long.endsWith('…')).toBe(true);
		const unknown = toNodeApiError(node, new MaiAgentHttpFailure(500, 'Something broke', {}), {
			operation: 'Op',
		});
		expect(unknown.message).toBe(
			'Op failed: MaiAgent answered 500 Internal Server Error - Something broke',
		);
	});

	it('names operation, status and detail', () => {
		const error = toNodeApiError(node, new MaiAgentHttpFailure(404, { detail: 'Not found.' }, {}), {
			operation: 'Get a conversation',
			itemIndex: 2,
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Get a conversation failed: MaiAgent answered 404 - Not found.');
		expect((error as NodeApiError).httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(2);
	});

	it('reports unreachable hosts without the request (so without the key)', () => {
		const cause = Object.assign(new Error('connect ECONNREFUSED'), {
			code: 'ECONNREFUSED',
			config: { headers: { Authorization: 'Api-Key secret-key' } },
		});
		const error = toNodeApiError(node, cause, { operation: 'Op' });
		expect(error.message).toBe('Op failed: could not reach MaiAgent');
		expect(error.description).toContain('ECONNREFUSED');
		expect(JSON.stringify(error)).not.toContain('secret-key');
	});

	it("finds a dropped connection's code where n8n 2.8 keeps it: only in its NodeApiError's httpCode", () => {
		// n8n 2.8.4 wraps the HTTP client's ECONNRESET so: no code, no cause, httpCode "ECONNRESET".
		const wrapped = Object.assign(new NodeApiError(node, { message: 'socket hang up' }), {
			cause: undefined,
			httpCode: 'ECONNRESET',
		});
		expect(errorCode(wrapped)).toBe('ECONNRESET');
		expect(retryDelay(wrapped, true, 0)).toBeGreaterThan(0);
		// An HTTP status there is not a transport code.
		expect(errorCode(Object.assign(new NodeApiError(node, {}), { httpCode: '500' }))).toBe(
			undefined,
		);
	});
});
