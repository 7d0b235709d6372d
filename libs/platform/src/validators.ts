import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIanaTimeZone } from '@postbridge/contracts';

/**
 * An IANA time zone this runtime knows (`Europe/Zurich`): one rule for every zone of the network,
 * in config, request bodies, query parameters and the network file. Error code INVALID_TIME_ZONE.
 */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an IANA time zone such as Europe/Zurich', ...options },
      validator: { validate: isIanaTimeZone },
    });
}
