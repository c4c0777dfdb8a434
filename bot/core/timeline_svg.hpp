// The timeline as a picture: an SVG Scribe draws itself, written beside each
// draft (INC-n-timeline.svg) and shown on the incident's web page. A time axis
// in the display zone (ticks at whole local minutes and hours, DST
// respected), the customer-impact window and the detection gap as shaded
// spans, milestones as labelled markers, notes, pins and signals as ticks.
// Labels go in as many lanes as they need, so none overlaps another.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bot/core/types.hpp"

namespace scribe::core {

struct TimelinePictureOptions {
  int width = 960;  // px; the height follows from the lanes the labels need
};

std::string timeline_svg(const Incident& incident, const std::vector<TimelineEntry>& timeline,
                         std::string_view zone, const TimelinePictureOptions& options = {});

// "INC-7-timeline.svg": the picture's file name beside the draft.
std::string timeline_file_name(std::int64_t incident);

}  // namespace scribe::core
