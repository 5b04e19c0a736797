delete from figures where origin = 'curated'
