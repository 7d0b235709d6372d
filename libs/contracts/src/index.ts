export * from './gen/postbridge/v1/common_pb';
export * from './gen/postbridge/v1/case_pb';
export * from './gen/postbridge/v1/envelope_pb';
export * from './envelope';
export * from './headers';
export * from './proto-enums';
export * from './topics';
export { create } from '@bufbuild/protobuf';
export { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
