import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * The setting must be at least `other`, another numeric setting of the same object (a second
 * threshold that must not come before the first). Says nothing when `other` is itself invalid:
 * its own check names it.
 */
export function IsAtLeast(other: string): PropertyDecorator {
  const otherOf = (args: ValidationArguments): unknown => (args.object as Record<string, unknown>)[other];
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAtLeast',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const floor = otherOf(args);
          return (
            typeof floor !== 'number' || Number.isNaN(floor) || (typeof value === 'number' && value >= floor)
          );
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be at least ${other} (${String(otherOf(args))})`,
      },
    });
}
