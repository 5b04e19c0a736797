"""Collection rounds (数据征集): the regional office asks the committees for a year's
figures, each committee returns its workbook, and a board shows who has answered."""
