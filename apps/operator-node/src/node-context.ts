import { TopicNames } from '@postbridge/contracts';

/** Who this node is, and the topics it reads and writes. */
export class NodeContext {
  constructor(
    readonly operatorCode: string,
    readonly operatorName: string,
    readonly country: string,
    readonly timeZone: string,
    readonly languages: string[],
    readonly topics: TopicNames,
  ) {}

  get outboundCaseTopic(): string {
    return this.topics.caseOut(this.operatorCode);
  }
}
