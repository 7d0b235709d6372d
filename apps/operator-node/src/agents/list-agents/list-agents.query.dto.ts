import { PageParam, PageSizeParam } from '@postbridge/platform';

export class ListAgentsQuery {
  @PageParam()
  page: number = 1;

  @PageSizeParam(50)
  pageSize: number = 50;
}
