import { currentToken, firstPage, nextPage, pageCount, previousPage, shownRange } from './paging';

describe('paging with continue tokens', () => {
  it('goes forward with each token and back with the ones kept', () => {
    let paging = firstPage(10);
    expect(currentToken(paging)).toBeUndefined();

    paging = nextPage(paging, 't2');
    paging = nextPage(paging, 't3');
    expect(paging.page).toBe(2);
    expect(currentToken(paging)).toBe('t3');

    paging = previousPage(paging);
    expect(currentToken(paging)).toBe('t2');
    paging = previousPage(paging);
    expect(currentToken(paging)).toBeUndefined();
    expect(previousPage(paging)).toBe(paging);
  });

  it('forgets the tokens after the page when it goes forward again', () => {
    const back = previousPage(nextPage(nextPage(firstPage(10), 'a'), 'b'));
    expect(nextPage(back, 'b2').tokens).toEqual([undefined, 'a', 'b2']);
  });

  it('counts pages and the range shown', () => {
    expect(pageCount(0, 10)).toBe(1);
    expect(pageCount(21, 10)).toBe(3);
    expect(shownRange(nextPage(firstPage(10), 't'), 4)).toEqual({ from: 11, to: 14 });
    expect(shownRange(firstPage(10), 0)).toBeNull();
  });
});
