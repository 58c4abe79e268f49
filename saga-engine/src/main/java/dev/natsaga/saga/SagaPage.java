package dev.natsaga.saga;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the rows of this page
 * @param page  0-based page number
 * @param size  requested page size
 * @param total rows over all pages
 * @param <T>   row type
 */
public record SagaPage<T>(List<T> items, int page, int size, long total) {

  public SagaPage {
    items = List.copyOf(items);
  }

  public boolean hasNext() {
    return (long) (page + 1) * size < total;
  }
}
