#pragma once

// What the noVNC tests look for on noVNC's canvas.

#include "xvncdesktop.h"

#include <QString>

namespace novnc {

using namespace Qt::StringLiterals;

// JavaScript: true when noVNC's canvas shows COLOUR at its centre and near each corner.
inline QString canvasShows(Rgb8 colour) {
    return uR"JS((() => {
  const c = document.querySelector('#noVNC_container canvas');
  if (!c || c.width < 16 || c.height < 16) return false;
  const g = c.getContext('2d');
  const points = [[c.width >> 1, c.height >> 1], [4, 4], [c.width - 5, 4],
                  [4, c.height - 5], [c.width - 5, c.height - 5]];
  return points.every(([x, y]) => {
    const d = g.getImageData(x, y, 1, 1).data;
    return d[0] === %1 && d[1] === %2 && d[2] === %3;
  });
})())JS"_s.arg(colour.r)
        .arg(colour.g)
        .arg(colour.b);
}

} // namespace novnc
