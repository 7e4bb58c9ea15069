// Every error leaves the gateway as { code, message: { zh, en }, fields? }. Bodies never quote a
// request value: framework messages (a JSON parse error quotes the body) are replaced, not passed on.
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainException, isDomainError, type FieldError, type Text } from '@jiandu/contracts';
import { SystemException } from '@jiandu/messaging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

export interface ErrorBody {
  code: string;
  message: Text;
  fields?: FieldError[];
}

/** An error the gateway itself answers with. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.code);
    this.name = 'GatewayError';
  }
}

export const unauthorized = () =>
  new GatewayError(401, {
    code: 'UNAUTHENTICATED',
    message: { zh: '缺少或无效的访问令牌', en: 'missing or invalid access token' },
  });

export const forbiddenForOffice = () =>
  new GatewayError(403, { code: 'FORBIDDEN', message: { zh: '所在部门无权执行此操作', en: 'your office may not do this' } });

/** The gateway's own back-pressure: this service already has as many requests in flight as it may. */
export const overloaded = () =>
  new GatewayError(503, {
    code: 'OVERLOADED',
    message: { zh: '请求过多，请稍后重试', en: 'too many requests in flight; retry later' },
  });

export const validationFailed = (fields: FieldError[]) =>
  new GatewayError(400, {
    code: 'VALIDATION_FAILED',
    message: { zh: '请求内容不符合要求', en: 'the request is invalid' },
    fields,
  });

const INTERNAL: ErrorBody = { code: 'INTERNAL', message: { zh: '服务器内部错误', en: 'internal server error' } };

// Statuses Fastify and Nest raise before our handlers run.
const FRAMEWORK: Record<number, ErrorBody> = {
  400: { code: 'MALFORMED_REQUEST', message: { zh: '请求体不是有效的 JSON', en: 'the request body is not valid JSON' } },
  404: { code: 'ROUTE_NOT_FOUND', message: { zh: '没有这个接口', en: 'no such route' } },
  405: { code: 'METHOD_NOT_ALLOWED', message: { zh: '不支持此方法', en: 'method not allowed' } },
  413: { code: 'PAYLOAD_TOO_LARGE', message: { zh: '请求体超过 64 KB', en: 'the request body exceeds 64 KB' } },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: { zh: '请求体必须是 application/json', en: 'the request body must be application/json' },
  },
};

/**
 * What Node's HTTP parser refuses before Fastify sees a request (a request line or headers over
 * 16 KB: a query string too long; bytes that are not HTTP), answered in the gateway's own shape,
 * with the headers every answer carries. Fastify's default would answer its own JSON.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body: ErrorBody = tooLarge
    ? { code: 'HEADERS_TOO_LARGE', message: { zh: '请求行或请求头超过 16 KB', en: 'the request line or headers exceed 16 KB' } }
    : { code: 'MALFORMED_REQUEST', message: { zh: '不是有效的 HTTP 请求', en: 'not a valid HTTP request' } };
  const text = `${JSON.stringify(body)}\n`;
  socket.end(
    [
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}`,
      'connection: close',
      'content-type: application/json; charset=utf-8',
      'cache-control: no-store',
      `x-correlation-id: ${randomUUID()}`,
      `content-length: ${Buffer.byteLength(text)}`,
      '',
      text,
    ].join('\r\n'),
  );
}

/**
 * What Fastify's router refuses before any route runs: a path that is not validly percent-encoded
 * (FST_ERR_BAD_URL) or a path parameter over its 100 characters (FST_ERR_MAX_PARAM_LENGTH). Its
 * default answers quote the path (a lookup code, an id): this one is 400 VALIDATION_FAILED, like
 * any invalid request, with the headers every API answer has.
 */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const body: ErrorBody = {
    code: 'VALIDATION_FAILED',
    message: { zh: '请求内容不符合要求', en: 'the request is invalid' },
    fields: [
      {
        path: '',
        message: tooLong
          ? { zh: '路径参数超过 100 个字符', en: 'a path parameter exceeds 100 characters' }
          : { zh: '请求路径的百分号编码无效', en: 'the request path is not validly percent-encoded' },
      },
    ],
  };
  void reply.code(400).header('x-correlation-id', request.id).header('cache-control', 'no-store').send(body);
}

export function toErrorResponse(exception: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (exception instanceof GatewayError) return { status: exception.status, body: exception.body, unexpected: false };
  if (exception instanceof DomainException || (exception as { name?: string })?.name === 'DomainException') {
    const error = (exception as DomainException).error;
    if (isDomainError(error)) {
      const body: ErrorBody = { code: error.code, message: error.message };
      if (error.fields) body.fields = error.fields;
      return { status: error.status, body, unexpected: false };
    }
  }
  // The service's own faults (INTERNAL 500) or no answer in time (SERVICE_UNAVAILABLE 503).
  if (exception instanceof SystemException) {
    const { code, status, message } = exception.error;
    return { status, body: { code, message }, unexpected: false };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const known = FRAMEWORK[status];
    if (known) return { status, body: known, unexpected: false };
    if (status < 500)
      return {
        status,
        body: { code: 'REQUEST_REFUSED', message: { zh: '请求被拒绝', en: 'the request was refused' } },
        unexpected: false,
      };
  }
  return { status: 500, body: INTERNAL, unexpected: true };
}

/** The one exception filter: also sees Fastify's body-parser errors (Nest maps them to HttpException). */
export function gatewayExceptionFilter(log: Logger): ExceptionFilter {
  @Catch()
  class GatewayExceptionFilter implements ExceptionFilter {
    catch(exception: unknown, host: ArgumentsHost): void {
      const http = host.switchToHttp();
      const reply = http.getResponse<FastifyReply>();
      const request = http.getRequest<FastifyRequest>();
      const { status, body, unexpected } = toErrorResponse(exception);
      if (unexpected) {
        // The message may quote data; the name and the frames are enough to find the fault.
        const error = exception as Error;
        log.error(
          {
            correlationId: request.id,
            error: error?.name,
            frames: String(error?.stack ?? '')
              .split('\n')
              .slice(1, 6),
          },
          'unexpected error',
        );
      }
      // A 503 gets its Retry-After in the gateway's onSend hook (main.ts), like every 503.
      void reply.status(status).send(body);
    }
  }
  return new GatewayExceptionFilter();
}
