/// <reference types="jest" />
import {
  cursorOf,
  firstPage,
  nextPage,
  pageNumber,
  previousPage,
} from './pager'

describe('the cursor pager', () => {
  it('goes forward with the server’s cursors and back over them', () => {
    let pager = firstPage()
    expect([cursorOf(pager), pageNumber(pager)]).toEqual([null, 1])
    pager = nextPage(pager, '980')
    pager = nextPage(pager, '960')
    expect([cursorOf(pager), pageNumber(pager)]).toEqual(['960', 3])
    pager = previousPage(pager)
    expect([cursorOf(pager), pageNumber(pager)]).toEqual(['980', 2])
    pager = previousPage(previousPage(pager))
    expect([cursorOf(pager), pageNumber(pager)]).toEqual([null, 1])
  })
})
