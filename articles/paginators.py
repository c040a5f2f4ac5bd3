from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """Django's paginator, reading past pages by their ids alone.

    A deep page (?page=500) is an OFFSET, and the database reads every row it skips; the
    ids of the page are found first, from an index, and only the page's own rows are read.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        articles = self.object_list
        if bottom and hasattr(articles, "values"):
            articles = articles.filter(pk__in=articles.values("pk")[bottom:top])
        else:
            articles = articles[bottom:top]
        return self._get_page(articles, number, self)
