import { MAX_PAGE_SIZE, PageParam, PageSizeParam } from '@postbridge/platform';

export { MAX_PAGE_SIZE };

/** `page` and `pageSize` of every paginated listing of the broker (the node's use the same rules and codes). */
export class PageQuery {
  @PageParam()
  page: number = 1;

  @PageSizeParam(50)
  pageSize: number = 50;
}
