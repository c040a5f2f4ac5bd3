'use strict';
// Tag field in the article form: select2 (shipped with Django's admin) in "tags" mode,
// so editors pick existing tags as they type and create new ones with Enter or a comma.
{
    const $ = django.jQuery;

    function initTagAutocomplete(element) {
        $(element).select2({
            tags: true,
            tokenSeparators: [','],
            width: 'style',
            minimumInputLength: 1,
            ajax: {
                url: element.dataset.suggestionsUrl,
                dataType: 'json',
                delay: 200,
                data: (params) => ({term: params.term}),
            },
        });
    }

    $(() => {
        document.querySelectorAll('select.admin-tag-autocomplete').forEach(initTagAutocomplete);
    });
}
