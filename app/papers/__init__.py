"""The papers an organiser files besides the ballots: what the 公告 and 报告单 are signed with,
the whole-election 报告单, the forms and the spreadsheets."""
