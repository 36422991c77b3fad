-- Issue 15/16: a step of a product's journey committed as a deviation (an infusion after its time
-- limit under record_deviation, a failed thaw) opens a deviation case on the stored product.
ALTER TABLE deviation_cases DROP CONSTRAINT IF EXISTS deviation_cases_source_check;
ALTER TABLE deviation_cases ADD CONSTRAINT deviation_cases_source_check
  CHECK (source IN ('receipt', 'alert', 'manual', 'journey'));
