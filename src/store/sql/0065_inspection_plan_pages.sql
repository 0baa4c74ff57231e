-- 0065 the inspection plans in cursor pages, newest first by (time, id) as the other lists:
-- every plan by its creation (staff), and the published ones by their publication (the public).
CREATE INDEX inspection_plans_created ON inspection_plans(created_at, id);
CREATE INDEX inspection_plans_published ON inspection_plans(published_at, id) WHERE state = 'published';
