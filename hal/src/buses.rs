//! Several buses behind one controller. A wall may have more lock boards than
//! one bus takes, or boards of two kinds; the rest of the kiosk numbers boards
//! across the whole wall, and this maps each wall board to its bus and address.

use crate::{BoardReading, Channel, HalError, HalFuture, LockController};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where one wall board is: which bus, and its address there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// Index into the bus list.
    pub bus: usize,
    /// The board's address on that bus.
    pub address: u8,
}

/// Lock controllers (one per bus) seen as one wall.
pub struct Buses {
    buses: Vec<Arc<dyn LockController>>,
    routes: BTreeMap<u8, Route>,
}

impl Buses {
    /// A wall of `buses`, with wall board number -> route.
    pub fn new(buses: Vec<Arc<dyn LockController>>, routes: BTreeMap<u8, Route>) -> Self {
        Self { buses, routes }
    }

    fn route(&self, board: u8) -> Result<(&dyn LockController, u8), HalError> {
        let r = self
            .routes
            .get(&board)
            .ok_or(HalError::NotAnswering { board })?;
        let bus = self
            .buses
            .get(r.bus)
            .ok_or(HalError::NotAnswering { board })?;
        Ok((bus.as_ref(), r.address))
    }
}

impl LockController for Buses {
    fn boards(&self) -> Vec<u8> {
        self.routes.keys().copied().collect()
    }

    fn unlock(&self, channel: Channel) -> HalFuture<'_, ()> {
        Box::pin(async move {
            let (bus, address) = self.route(channel.board)?;
            bus.unlock(Channel::new(address, channel.lock))
                .await
                .map_err(|e| e.on_board(channel.board))
        })
    }

    fn read_board(&self, board: u8) -> HalFuture<'_, BoardReading> {
        Box::pin(async move {
            let (bus, address) = self.route(board)?;
            let mut reading = bus
                .read_board(address)
                .await
                .map_err(|e| e.on_board(board))?;
            reading.board = board;
            Ok(reading)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SimWall;

    #[tokio::test]
    async fn wall_boards_map_to_bus_addresses() {
        // Two buses, each with a board at address 0: wall boards 0 and 1.
        let (a, b) = (SimWall::new(), SimWall::new());
        a.add_board(0, 4, false);
        b.add_board(0, 4, false);
        let routes = BTreeMap::from([
            (0, Route { bus: 0, address: 0 }),
            (1, Route { bus: 1, address: 0 }),
        ]);
        let wall = Buses::new(vec![Arc::new(a.clone()), Arc::new(b.clone())], routes);
        assert_eq!(wall.boards(), [0, 1]);
        wall.unlock(Channel::new(1, 2)).await.unwrap();
        assert!(b.door(Channel::new(0, 2)).unwrap().open);
        assert!(!a.door(Channel::new(0, 2)).unwrap().open);
        let r = wall.read_board(1).await.unwrap();
        assert_eq!(r.board, 1);
        assert!(r.door(2).unwrap().open);
        b.set_offline(0, true);
        assert_eq!(
            wall.read_board(1).await,
            Err(HalError::NotAnswering { board: 1 })
        );
        assert_eq!(
            wall.read_board(7).await,
            Err(HalError::NotAnswering { board: 7 })
        );
    }
}
