import * as errorsEntry from '@stratus/lambda/errors';
import { ConflictError, DomainError, isDomainError, NotFoundError, UnprocessableError } from '../../src';

describe('domain errors', () => {
  it('carry a kind and a stable code, default or chosen', () => {
    const notFound = new NotFoundError('Order not found');
    expect(notFound).toBeInstanceOf(DomainError);
    expect(notFound).toBeInstanceOf(Error);
    expect(notFound).toMatchObject({
      kind: 'not_found',
      code: 'NOT_FOUND',
      message: 'Order not found',
      name: 'NotFoundError',
    });
    expect(new ConflictError('x', { code: 'ORDER_CONFIRMED' })).toMatchObject({
      kind: 'conflict',
      code: 'ORDER_CONFIRMED',
    });
    const cause = new Error('root');
    expect(new UnprocessableError('x', { cause }).cause).toBe(cause);
    expect(isDomainError(notFound)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
  });

  it('are importable from the dependency-free @stratus/lambda/errors entry point, as the same classes', () => {
    expect(errorsEntry.NotFoundError).toBe(NotFoundError);
    expect(Object.keys(errorsEntry).sort()).toEqual(
      [
        'ConflictError',
        'DomainError',
        'ForbiddenError',
        'NotFoundError',
        'UnauthorizedError',
        'UnprocessableError',
        'isDomainError',
      ].sort(),
    );
  });
});
